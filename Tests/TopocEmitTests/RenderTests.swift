// The renderers: shell quoting (checked against a real `sh`), QEMU option escaping, JSON text, and the
// shape of generated scripts.
import Foundation
import TopocEmit
import XCTest

final class RenderTests: XCTestCase {
    /// The argv fast path must write exactly what JSONEncoder writes, for every character class it escapes.
    func testStringListRenderingMatchesTheEncoder() throws {
        let controls = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        let lists = [
            ["qemu-system-x86_64", "-name", "guest=vm1,debug-threads=on"],
            ["a\"b", "back\\slash", "sl/ash", "ünïcode ✓", "emoji 🛰", "\u{7F}", "", "tab\tnew\nline"],
            controls, [controls.joined()], ["x"],
        ]
        for list in lists {
            XCTAssertEqual(JSONRendering.render(strings: list), try JSONRendering.render(list), "\(list)")
        }
    }

    func testShellQuotingKeepsSafeWordsBareAndQuotesTheRest() {
        XCTAssertEqual(ShellQuoting.quote("guest=vm1,debug-threads=on"), "guest=vm1,debug-threads=on")
        XCTAssertEqual(ShellQuoting.quote("vms/vm1/disk.qcow2"), "vms/vm1/disk.qcow2")
        XCTAssertEqual(ShellQuoting.quote("it's"), #"'it'\''s'"#)
        XCTAssertEqual(ShellQuoting.quote("$x"), "'$x'")
        XCTAssertEqual(ShellQuoting.quote("two words"), "'two words'")
        XCTAssertEqual(ShellQuoting.quote(""), "''")
        XCTAssertEqual(ShellQuoting.quote("a*"), "'a*'")
        XCTAssertEqual(ShellQuoting.join(["echo", "a b", "c"]), "echo 'a b' c")
    }

    /// `sh` itself reads the quoted words back: each must arrive as exactly one unchanged argument.
    func testShellReadsQuotedWordsBackUnchanged() throws {
        _ = try HostTools.require("sh")
        let words = [
            "it's", "$x", "${HOME}", "two  spaces", "", "a\nb", "back\\slash", "*", "~", "`id`", "$(id)", "\"q\"",
            "tab\there", "ünïcode", "-n", "semi;colon", "a'b'c", "''",
            // A quote with a combining mark is one `Character`, but still a quote to `sh`.
            "x'\u{301}y",
        ]
        let script = "printf '%s\\0' " + ShellQuoting.join(words)
        let result = try HostTools.check(["sh", "-c", script])
        let received = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(received, words + [""], "printf ends each word with a NUL")
    }

    func testQEMUOptionValuesDoubleTheirCommas() {
        XCTAssertEqual(QEMUOption.escape("a,b"), "a,,b")
        XCTAssertEqual(QEMUOption.escape(",,"), ",,,,")
        XCTAssertEqual(QEMUOption.escape("plain"), "plain")
        XCTAssertEqual(QEMUOption.escape("a,\u{301}b"), "a,,\u{301}b", "QEMU reads bytes, not characters")
        XCTAssertEqual(
            QEMUOption.pairs([("file", "vms/a,b/disk.qcow2"), ("if", "none")]), "file=vms/a,,b/disk.qcow2,if=none")
        XCTAssertEqual(
            QEMUOption.typed("user", [("id", "mgmt"), ("hostfwd", "tcp:127.0.0.1:1-:22"), ("hostfwd", "udp::2-:53")]),
            "user,id=mgmt,hostfwd=tcp:127.0.0.1:1-:22,hostfwd=udp::2-:53")
        XCTAssertEqual(QEMUOption.typed("virtio-rng-pci", []), "virtio-rng-pci")
    }

    func testJSONIsSortedUnescapedAndEndsWithANewline() throws {
        struct Sample: Encodable {
            var zebra = "a/b"
            var apple = [1, 2]
        }
        let text = try JSONRendering.render(Sample())
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertTrue(text.contains("\"a/b\""), text)
        let apple = try XCTUnwrap(text.range(of: "apple"))
        let zebra = try XCTUnwrap(text.range(of: "zebra"))
        XCTAssertLessThan(apple.lowerBound, zebra.lowerBound)
        XCTAssertEqual(try JSONRendering.render(Sample()), text)
    }

    func testScriptsContinueLongCommandsAndNeverLeaveAFunctionEmpty() {
        let text = ShellScript.render([
            .comment("line one\nline two"),
            .exec([["qemu"], ["-name", "guest=a b"], ["-S"]], forwardingArguments: true),
            .function(name: "up", body: []),
            .unless(guard: ["exists", "br"], then: ["ip", "link", "add", "br"]),
            .when(guard: ["exists", "br"], then: ["ip", "link", "del", "br"]),
        ])
        XCTAssertEqual(
            text,
            """
            #!/bin/sh
            # line one line two
            exec qemu \\
                -name 'guest=a b' \\
                -S \\
                "$@"
            up() {
                :
            }
            exists br || ip link add br
            if exists br; then ip link del br; fi

            """)
    }
}
