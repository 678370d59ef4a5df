// The C library of the platform, imported once here and re-exported, so that no other file of
// the project names Glibc or Darwin.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#else
#error("AtelierSystem: unsupported C library")
#endif
