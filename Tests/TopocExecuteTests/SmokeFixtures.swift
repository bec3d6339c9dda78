// What the smoke tests share: the examples' compiled artifacts, the nr-cli fixtures (Fixtures/nr-cli, see its
// README for which outputs were recorded from a real UERANSIM and which were derived from its source) and the
// stand-in programs a smoke script meets instead of UERANSIM, `ip` and `ping`.
import Foundation
import TopocEmit
import TopocPlan
import TopocTestSupport
import XCTest

enum SmokeFixtures {
    static let repository = InstallTable.repository

    static let nrCli = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/nr-cli")

    static func examples() throws -> [URL] {
        let folder = repository.appendingPathComponent("examples")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    static func artifacts(_ example: URL) throws -> [Artifact] {
        let text = try String(contentsOf: example, encoding: .utf8)
        let result = Compiler.compile(text: text, file: example.path)
        XCTAssertFalse(result.diagnostics.hasErrors, "\(example.lastPathComponent): \(result.diagnostics)")
        return result.artifacts
    }

    /// `nr-cli NODE -e COMMAND` prints `replies/<gnb|ue>-COMMAND` (gNB nodes are `UERANSIM-gnb-…`), or, with
    /// no such file, nr-cli's own error for an unknown node (recorded for imsi-001010000000001, the node's
    /// name put in) on stderr and exits 1. `ip -o addr show` lists
    /// uesimtun0 with 10.45.0.2 and uesimtun1 with 10.46.0.2 (the derived sessions' addresses); `ping` answers
    /// or not.
    static func writeStandIns(in bin: URL, replies: URL, pingAnswers: Bool) throws {
        let nrCli = """
            #!/bin/sh
            case "$1" in UERANSIM-gnb-*) kind=gnb ;; *) kind=ue ;; esac
            reply='\(replies.path)'/"$kind-$3"
            if [ -f "$reply" ]; then cat "$reply"; exit 0; fi
            sed "s/imsi-001010000000001/$1/" '\(replies.path)/not-found' >&2
            exit 1

            """
        // `ip -o addr show` as iproute2 prints it for a tun device with one IPv4 address.
        let ip = """
            #!/bin/sh
            printf '%s\\n' \\
              '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever' \\
              '7: uesimtun0    inet 10.45.0.2/32 scope global uesimtun0\\       valid_lft forever preferred_lft forever' \\
              '8: uesimtun1    inet 10.46.0.2/32 scope global uesimtun1\\       valid_lft forever preferred_lft forever'

            """
        let ping = "#!/bin/sh\nexit \(pingAnswers ? 0 : 1)\n"
        for (name, text) in [("nr-cli", nrCli), ("ip", ip), ("ping", ping)] {
            let file = bin.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
    }
}
