import TopocDiagnostics
import TopocModel

/// Installing Open5GS from its package repository works on Ubuntu guests with the latest release only:
/// the PPA has no Debian builds, Debian 12's libcurl 7.88 breaks Open5GS's SBI after the first request, and
/// a 2.7 package aborts on the pre-2.7 configs `open5gs@2.6` asks for.
struct CoreInstallRule: ValidationRule {
    static let ids = ["core.install-distro", "core.install-version"]

    func check(_ topology: borrowing Topology, _ index: borrowing TopologyIndex) -> [Diagnostic] {
        topology.core.withBorrowed { check($0, topology, index) } ?? []
    }

    private func check(_ core: borrowing Core, _ topology: borrowing Topology, _ index: borrowing TopologyIndex)
        -> [Diagnostic]
    {
        guard core.software != .oai2, case .package = core.install else { return [] }
        var found: [Diagnostic] = []
        if core.software == .open5gs26 {
            found.append(
                .warning(
                    "core.install-version",
                    "`install: package` installs the latest Open5GS (2.7 or later), which aborts on the 2.6-format configs `open5gs@2.6` emits",
                    at: core.origin[field: "software"],
                    help: "use `software: open5gs@2.7`, or `install: { command: ... }` for a 2.6 build"))
        }
        // Each image is looked at once, however many NF VMs run it (URLs are long); usually none looks like
        // Debian, and then no VM needs looking at.
        let images = topology.images
        let debian = images.indices.filter { Self.looksDebian(images, $0) }
        guard !debian.isEmpty else { return found }
        // The few VMs that run NFs, by position, in the order they were declared.
        var nfVMs: [Int] = []
        for vm in index.functionVMs where vm >= 0 && !nfVMs.contains(vm) { nfVMs.append(vm) }
        let vms = topology.vms
        nfVMs.sort { vms[$0].origin.location < vms[$1].origin.location }
        for position in nfVMs {
            let imageName = vms[position].settings.image ?? topology.defaults.vm.image
            guard let imagePosition = imageName.flatMap({ index.images.position(of: $0) }),
                debian.contains(imagePosition)
            else { continue }
            let vm = vms[position]
            found.append(
                .warning(
                    "core.install-distro",
                    "VM `\(vm.name)` runs image `\(images[imagePosition].name)`, which looks like Debian: the Open5GS package repository is Ubuntu-only, and Debian 12's libcurl 7.88 breaks Open5GS's SBI",
                    at: vm.origin.location, help: "use an Ubuntu image, or `core.install: { command: ... }`"))
        }
        return found
    }

    /// Whether image `position` names Debian in its name, URL or path, read in place (a copy of an image
    /// retains all it holds).
    private static func looksDebian(_ images: [Image], _ position: Int) -> Bool {
        looksDebian(images[position].name) || images[position].url.map(looksDebian) == true
            || images[position].path.map(looksDebian) == true
    }

    /// Whether `text` holds `debian`, `bookworm` or `bullseye`, ASCII case ignored, read in place (`withUTF8`
    /// wants a mutable copy, which retains and releases the text).
    private static func looksDebian(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable(looksDebian) { return found }
        var text = text
        return text.withUTF8(looksDebian)
    }

    /// One pass over the bytes for the three words, trying a word only where its first letter is: eight bytes
    /// at a time, then byte by byte for the last few (a byte at a time cost about ten instructions a byte of
    /// a long URL, more than the rest of the rule).
    private static func looksDebian(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var chunk = 0
        while chunk + 8 <= bytes.count {
            var candidates = firstLetters(UnsafeRawPointer(base + chunk).loadUnaligned(as: UInt64.self))
            while candidates != 0 {
                if wordStarts(bytes, at: chunk + candidates.trailingZeroBitCount / 8) { return true }
                candidates &= candidates - 1
            }
            chunk += 8
        }
        for start in chunk..<bytes.count where wordStarts(bytes, at: start) { return true }
        return false
    }

    /// The top bit of each byte of `word` (eight bytes of text, the first in the low bits) that is `d` or `b`,
    /// either case; possibly of a byte right after one too (a borrow of the zero-byte test), which
    /// `wordStarts` then rejects. Never misses one.
    private static func firstLetters(_ word: UInt64) -> UInt64 {
        let folded = word | 0x2020_2020_2020_2020
        return zeroBytes(folded ^ 0x6464_6464_6464_6464) | zeroBytes(folded ^ 0x6262_6262_6262_6262)
    }

    /// The top bit of each zero byte of `word`, and perhaps of bytes above one.
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Whether one of the words starts at `start`.
    private static func wordStarts(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        switch bytes[start] | 0x20 {
        case UInt8(ascii: "d"): matches(bytes, at: start, "debian")
        case UInt8(ascii: "b"): matches(bytes, at: start, "bookworm") || matches(bytes, at: start, "bullseye")
        default: false
        }
    }

    /// Whether `word` (lower-case ASCII) is at `start` of `bytes`, ASCII case ignored.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ word: StaticString) -> Bool {
        guard bytes.count - start >= word.utf8CodeUnitCount else { return false }
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for offset in letters.indices {
            let byte = bytes[start + offset]
            let folded = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            if folded != letters[offset] { return false }
        }
        return true
    }
}
