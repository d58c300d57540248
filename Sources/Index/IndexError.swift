#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write, read or search a published index: a bad file, a mismatched shape, a disk error.
///
/// The message names the file and what is wrong with it, so it can go straight to a log line or an
/// HTTP 4xx/5xx body.
public struct IndexError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The text of the current `errno` (for error messages after a failed system call).
func systemError() -> String {
    String(cString: strerror(errno))
}
