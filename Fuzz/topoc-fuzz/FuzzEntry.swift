// The two ways into the fuzzer. Built with `make fuzz` (`-sanitize=fuzzer,address -D TOPOC_LIBFUZZER`),
// `main` starts libFuzzer's driver, which calls `LLVMFuzzerTestOneInput` with every input it generates.
// Built plainly (`swift build` builds every target), the program replays the files it is given instead, so
// a crash libFuzzer saved can be rerun and debugged without the fuzzer.
//
// libFuzzer passes argv and each input as C pointers: this file is the one place outside the C-library
// shims that handles raw pointers, because that calling convention gives nothing else. The bytes are
// copied into an array at once; everything after that is safe Swift.
import Foundation

#if TOPOC_LIBFUZZER
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        FuzzInput.run(bytes)
        return 0
    }

    /// SwiftPM links an executable with `main` defined as `<module>_main` (so tests can link executable
    /// modules), which takes precedence over libFuzzer's `main`; this is that entry point, and it starts
    /// libFuzzer's driver exactly as libFuzzer's own `main` would.
    @_cdecl("topoc_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return libFuzzerRunDriver(&count, &arguments, fuzzOneInput)
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func libFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#else
    @main
    enum Replay {
        static func main() {
            let files = CommandLine.arguments.dropFirst()
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
#endif
