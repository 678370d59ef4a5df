/// Immutable bytes in stable memory, so libmicrohttpd can send them without a copy
/// (`MHD_RESPMEM_PERSISTENT`) while the buffer is retained by the request being served.
/// `@unchecked` because the memory is written once in `init` and only read afterwards.
public final class SharedBuffer: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    public init(_ bytes: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
        self.storage = storage
        count = bytes.count
    }

    public let count: Int

    public var baseAddress: UnsafeRawPointer { UnsafeRawPointer(storage.baseAddress!) }

    public var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: storage.baseAddress, count: count)) }

    deinit { storage.deallocate() }
}
