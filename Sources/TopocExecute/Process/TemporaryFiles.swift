// Process/TemporaryFiles owns making uniquely named files and folders (mkstemp/mkdtemp): private (0600 and
// 0700), close-on-exec, and placed where the caller says — beside a destination, so a rename is atomic.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum TemporaryFiles {
    /// A new empty file named `prefix` + six random characters; its descriptor (close-on-exec) and path.
    static func file(prefix: String) throws(ExecutionError) -> (descriptor: Int32, path: String) {
        var template = Array((prefix + String(repeating: "X", count: 6)).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw ExecutionError("cannot create a temporary file \(prefix)…: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (descriptor, path(template))
    }

    /// A new folder (0700) named `prefix` + six random characters.
    static func folder(prefix: String) throws(ExecutionError) -> String {
        var template = Array((prefix + String(repeating: "X", count: 6)).utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard made else {
            throw ExecutionError("cannot create a temporary folder \(prefix)…: \(String(cString: strerror(errno)))")
        }
        return path(template)
    }

    private static func path(_ template: [CChar]) -> String {
        String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
