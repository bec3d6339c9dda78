// Open5GS subscribers: `subscribers.sh` parses under `sh -n` and, run with a fake `open5gs-dbctl` on PATH,
// makes exactly the calls v2.7.7's dbctl takes (remove, add_ue_with_slice, update_slice) for every IMSI;
// `subscribers.json` is one MongoDB document per line with the WebUI schema, int64 SQN, SD as hex text.
import Foundation
import TopocEmit
import TopocModel
import XCTest

final class SubscribersTests: XCTestCase {
    /// The dbctl calls the slices lab must produce, word by word, for one IMSI.
    func expectedCalls(_ imsi: String, group: ResolvedUEGroup) -> [[String]] {
        let key = group.key
        let opc = group.opc
        if group.name == "phones" {
            return [
                ["remove", imsi],
                ["add_ue_with_slice", imsi, key, opc, "internet", "1", "000080"],
                ["update_slice", imsi, "ims", "2", "FFFFFF"],
            ]
        }
        return [["remove", imsi], ["add_ue_with_slice", imsi, key, opc, "ims", "2", "FFFFFF"]]
    }

    func testScriptMakesExactlyTheDbctlCalls() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let artifact = try lab.artifact("core/open5gs/subscribers.sh")
        XCTAssertEqual(artifact.mode, Artifact.secretMode, "K and OPc must stay private")
        XCTAssertEqual(artifact.kind, .open5gsSubscriberScript)
        // The fake records each call as one line of tab-separated words.
        let fake = """
            #!/bin/sh
            for word in "$@"; do printf '%s\\t' "$word"; done >> "$DBCTL_LOG"
            printf '\\n' >> "$DBCTL_LOG"
            """
        let directory = try RANLabs.scratch(["subscribers.sh": artifact.contents, "bin/open5gs-dbctl": fake])
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("bin/open5gs-dbctl").path)
        let script = directory.appendingPathComponent("subscribers.sh").path
        try HostTools.check(["sh", "-n", script])

        var expected: [[String]] = []
        for name in ["phones", "sensors"] {
            let group = try lab.ues(name)
            for imsi in group.imsis { expected += expectedCalls(imsi, group: group) }
        }
        XCTAssertEqual(expected.count, 3 * 3 + 600 * 2)

        for uri in [nil, "mongodb://10.30.0.2/open5gs"] {
            let log = directory.appendingPathComponent("calls-\(uri == nil ? "default" : "env").log")
            var env = [
                "PATH=\(directory.appendingPathComponent("bin").path):/usr/bin:/bin", "DBCTL_LOG=\(log.path)",
            ]
            if let uri { env.append("OPEN5GS_DB_URI=\(uri)") }
            try HostTools.check(["env", "-i"] + env + ["sh", script])
            let calls = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).dropLast().map(String.init)
            }
            let flag = "--db_uri=\(uri ?? "mongodb://localhost/open5gs")"
            XCTAssertEqual(calls.count, expected.count)
            XCTAssertEqual(calls, expected.map { [flag] + $0 })
        }
    }

    func testDocumentsFollowTheSubscriberSchema() throws {
        let lab = try RANLabs.compile(RANLabs.slices)
        let artifact = try lab.artifact("core/open5gs/subscribers.json")
        XCTAssertEqual(artifact.mode, Artifact.secretMode)
        let lines = artifact.contents.split(separator: "\n")
        XCTAssertEqual(lines.count, 603, "one document per line, one per IMSI")
        let documents = try lines.map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let phones = try lab.ues("phones")
        let sensors = try lab.ues("sensors")
        XCTAssertEqual(documents.compactMap { $0["imsi"] as? String }, phones.imsis + sensors.imsis)

        let first = try XCTUnwrap(documents.first)
        let security = try XCTUnwrap(first["security"] as? [String: Any])
        XCTAssertEqual(security["k"] as? String, phones.key)
        XCTAssertEqual(security["opc"] as? String, phones.opc)
        XCTAssertEqual(security["amf"] as? String, "8000")
        XCTAssertEqual(security["sqn"] as? [String: String], ["$numberLong": "0"])
        XCTAssertNil(security["op"])
        for key in ["access_restriction_data", "subscriber_status", "network_access_mode", "subscribed_rau_tau_timer"] {
            XCTAssertNotNil(first[key] as? Int, key)
        }
        let slices = try XCTUnwrap(first["slice"] as? [[String: Any]])
        XCTAssertEqual(slices.compactMap { $0["sst"] as? Int }, [1, 2])
        XCTAssertEqual(slices[0]["sd"] as? String, "000080")
        XCTAssertNil(slices[1]["sd"], "a slice without SD has no `sd`")
        XCTAssertEqual(slices.compactMap { $0["default_indicator"] as? Bool }, [true, false])
        let session = try XCTUnwrap((slices[0]["session"] as? [[String: Any]])?.first)
        XCTAssertEqual(session["name"] as? String, "internet")
        XCTAssertEqual(session["type"] as? Int, 3)
        XCTAssertEqual((session["qos"] as? [String: Any])?["index"] as? Int, 9)
        XCTAssertEqual(
            ((session["ambr"] as? [String: Any])?["downlink"] as? [String: Int]), ["value": 1, "unit": 3])
    }

    func testOAICoreGetsNoOpen5GSSubscribersAndOpen5GSNoSQL() throws {
        let oai = try RANLabs.compile(RANLabs.oai)
        XCTAssertFalse(oai.artifacts.contains { $0.path.hasPrefix("core/open5gs/") })
        let open5gs = try RANLabs.compile(RANLabs.slices)
        XCTAssertFalse(open5gs.artifacts.contains { $0.path.hasPrefix("core/oai/") })
    }
}
