// Command-line options of topoc-bench. No ArgumentParser: the bench depends only on topoc's own targets and CYAML.
import Foundation

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

struct Options {
    static let usage = """
        usage: topoc-bench [--topoc PATH] [--sizes 10,100,1000,5000] [--runs N] [--repeats N]
                           [--work DIR] [--keep] [--strict]
               topoc-bench --apply [--topoc PATH] [--work DIR] [--keep]
               topoc-bench --first-boot [--topoc PATH] [--work DIR] [--keep]
               topoc-bench --profile walk|parse|decode|validate|rules|check|compile FILE [--repeats N]

          --topoc PATH    the topoc binary to time (default .build/release/topoc)
          --sizes LIST    lab sizes in VMs, comma-separated (default 10,100,1000,5000)
          --runs N        child-process runs of `topoc plan` per size, cold and re-plan each (default 5)
          --repeats N     in-process repeats of parse+validate and of the bare libyaml walk
                          (default: by size, about 0.3 s each: 1,001 for small labs, 40 for 5,000 VMs)
          --work DIR      where labs and output folders go (default: a fresh folder in $TMPDIR or /tmp)
          --apply         instead: time `topoc apply` of 1, 2 and 4 real VMs (root; builds the e2e guest image)
                          and a no-op re-apply
          --first-boot    instead: boot seed 000 (examples/open5gs-epc.yaml, install: none) and three bare VMs
                          on the e2e guest and compare cloud-init's durations (root; builds the e2e guest image)
          --profile STAGE FILE
                          instead: run one stage on FILE in a loop (default 200 times) and print its
                          median, for `perf record`; STAGE is walk (bare libyaml), parse (the syntax
                          tree), decode (tree and IR), validate (the rules, on a topology decoded once), rules (each rule alone),
                          check (parse+validate) or compile (check, resolve, emit)
          --keep          keep the work folder afterwards
          --strict        exit 1 when a target fails (default: report only, exit 0)
        """

    var topoc = ".build/release/topoc"
    var sizes = [10, 100, 1000, 5000]
    var runs = 5
    /// `topoc validate` runs per size: a few milliseconds each, so enough for a steady median.
    var validateRuns = 21
    var repeats: Int?
    var work: String?
    var keep = false
    var strict = false
    var apply = false
    var firstBoot = false
    var profile: (stage: ProfileStage, file: String)?
    /// Internal: the in-process measurement of one file, printed for the parent bench.
    var inProcess: String?

    /// How often the in-process measurements repeat for a lab of `vms` VMs.
    func inProcessRepeats(vms: Int) -> Int {
        // A median of a few dozen runs of a 60 µs job moved by 10% from one bench to the next; about 0.3 s of
        // repeats per lab keeps it steady and the bench short.
        repeats ?? max(5, min(1001, 200_000 / max(vms, 1)))
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(for flag: String) throws(UsageError) -> String {
            guard let value = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return value
        }
        func count(for flag: String) throws(UsageError) -> Int {
            let text = try value(for: flag)
            guard let number = Int(text), number >= 1 else {
                throw UsageError(description: "\(flag) must be a positive integer, not `\(text)`")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--topoc": options.topoc = try value(for: argument)
            case "--runs": options.runs = try count(for: argument)
            case "--repeats": options.repeats = try count(for: argument)
            case "--work": options.work = try value(for: argument)
            case "--keep": options.keep = true
            case "--strict": options.strict = true
            case "--apply": options.apply = true
            case "--first-boot": options.firstBoot = true
            case "--in-process": options.inProcess = try value(for: argument)
            case "--profile":
                let name = try value(for: argument)
                guard let stage = ProfileStage(rawValue: name) else {
                    throw UsageError(
                        description:
                            "--profile takes walk, parse, decode, validate, rules, check or compile, not `\(name)`")
                }
                options.profile = (stage, try value(for: argument))
            case "--sizes":
                let text = try value(for: argument)
                let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 4 }) else {
                    throw UsageError(description: "--sizes must list VM counts of at least 4, not `\(text)`")
                }
                var seen = Set<Int>()
                options.sizes = sizes.compactMap { $0 }.filter { seen.insert($0).inserted }
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument `\(argument)`")
            }
        }
        return options
    }
}
