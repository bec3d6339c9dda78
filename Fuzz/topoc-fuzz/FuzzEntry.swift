// The two ways into the fuzzer. Built with `make fuzz` (`-sanitize=fuzzer -D TOPOC_LIBFUZZER`), `main`
// hands the process to libFuzzer, which calls back with every input it generates. Built plainly
// (`swift build` builds every target), the program replays the files it is given instead, so a crash
// libFuzzer saved can be rerun and debugged without the fuzzer.
//
// libFuzzer's driver takes C's argc/argv and a C callback receiving a pointer and a length; this file is
// the one place outside the C-library shims that handles raw pointers, because that calling convention
// gives nothing else. Each input is copied into an array at once; everything after that is safe Swift.
// (SwiftPM names an executable's `main` itself, so libFuzzer's own `main` cannot be used; its
// `LLVMFuzzerRunDriver` is the documented way to start it from a program that has one.)
import Foundation

@main
enum FuzzMain {
    static func main() {
        #if TOPOC_LIBFUZZER
            exit(LibFuzzer.run())
        #else
            replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// Runs each file through the fuzzer's pipeline, as libFuzzer would.
    static func replay(_ files: [String]) {
        guard !files.isEmpty else {
            print("usage: topoc-fuzz FILE...  (replays inputs; `make fuzz` builds the libFuzzer binary)")
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read it")
                exit(1)
            }
            FuzzInput.run(Array(data))
            print("\(file): ok")
        }
    }
}

#if TOPOC_LIBFUZZER
    enum LibFuzzer {
        typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

        /// libFuzzer's driver: parses its flags from argv, then fuzzes until done.
        static func run() -> CInt {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            return libFuzzerRunDriver(&argc, &argv) { start, count in
                let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
                FuzzInput.run(bytes)
                return 0
            }
        }
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func libFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: LibFuzzer.Callback
    ) -> CInt
#endif
