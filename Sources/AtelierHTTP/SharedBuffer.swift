import Foundation

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

    /// Filled by the transport on first use; released with the buffer.
    let nativeResponse = NativeResponseSlot()

    public var baseAddress: UnsafeRawPointer { UnsafeRawPointer(storage.baseAddress!) }

    public var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: storage.baseAddress, count: count)) }

    deinit { storage.deallocate() }
}

/// A slot where the transport keeps the native response it built around a `SharedBuffer` (status and
/// headers included), so the next identical response is queued as is instead of being built again.
/// The value is opaque here: only MHDTransport.swift knows libmicrohttpd's types.
final class NativeResponseSlot: @unchecked Sendable {  // `entry` is guarded by `lock`.
    struct Entry {
        let status: Int
        let headers: [(name: String, value: String)]
        let native: AnyObject
    }

    private let lock = NSLock()
    private var entry: Entry?

    /// The native response stored for exactly this status and these headers (names, values, order).
    func native(status: Int, headers: HTTPHeaders) -> AnyObject? {
        guard let entry = lock.withLock({ entry }), entry.status == status,
              entry.headers.count == headers.count else { return nil }
        for (stored, field) in zip(entry.headers, headers) where stored.name != field.name || stored.value != field.value {
            return nil
        }
        return entry.native
    }

    func store(status: Int, headers: HTTPHeaders, native: AnyObject) {
        let fields = Array(headers)
        lock.withLock { entry = Entry(status: status, headers: fields, native: native) }
    }
}
