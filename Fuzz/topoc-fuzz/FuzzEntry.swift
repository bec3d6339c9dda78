// The two ways into the fuzzer. Built with `make fuzz` (`-sanitize=fuzzer -D TOPOC_LIBFUZZER`), libFuzzer
// owns `main` and calls `LLVMFuzzerTestOneInput` with every input it generates. Built plainly (`swift build`
// builds every target), the program replays the files it is given instead, so a crash libFuzzer saved can
// be rerun and debugged without the fuzzer.
//
// libFuzzer passes each input as a C pointer and a length: this function is the one place outside the
// C-library shims that handles a raw pointer, because that calling convention gives nothing else. The
// bytes are copied into an array at once; everything after that is safe Swift.
import Foundation

#if TOPOC_LIBFUZZER
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        FuzzInput.run(bytes)
        return 0
    }
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
