// Smoke/SmokeTable owns the text form of a smoke report: a table of gNBs (NG Setup), a table with a row per
// UE and slice (registered, PDU session, traffic), then the problems and a verdict line.

public enum SmokeTable {
    public static func render(_ report: SmokeReport) -> String {
        var sections: [String] = []
        let gnbs = report.results.filter { $0.check == "ng-setup" }
        if !gnbs.isEmpty {
            sections.append(
                table(
                    header: ["VM", "gNB", "NODE", "NG SETUP", "DETAIL"],
                    rows: gnbs.map { [$0.vm, $0.subject, $0.node, mark($0), $0.detail] }))
        }
        let ueRows = ueSlices(report.results).map { row in
            [
                row.vm, row.group, row.node, row.slice.isEmpty ? "-" : row.slice, row.dnn.isEmpty ? "-" : row.dnn,
                mark(row.registration), mark(row.session), mark(row.traffic), row.detail,
            ]
        }
        if !ueRows.isEmpty {
            sections.append(
                table(
                    header: [
                        "VM", "UE GROUP", "NODE", "SLICE", "DNN", "REGISTERED", "PDU SESSION", "TRAFFIC", "DETAIL",
                    ],
                    rows: ueRows))
        }
        if !report.problems.isEmpty {
            sections.append((["Problems:"] + report.problems.map { "  " + $0 }).joined(separator: "\n"))
        }
        sections.append(verdict(report))
        return sections.joined(separator: "\n\n") + "\n"
    }

    static func verdict(_ report: SmokeReport) -> String {
        if report.passed { return "Smoke test passed: \(report.results.count) checks." }
        let failed = report.results.filter { !$0.ok }.count
        let problems = report.problems.count
        return "Smoke test FAILED: \(failed) of \(report.results.count) checks failed"
            + (problems == 0 ? "." : ", \(problems) problem\(problems == 1 ? "" : "s") besides.")
    }

    /// A UE's row for one slice: its registration, and that slice's session and traffic checks.
    struct UESlice {
        var vm: String
        var group: String
        var node: String
        var slice: String
        var dnn: String
        var registration: SmokeResult?
        var session: SmokeResult?
        var traffic: SmokeResult?

        /// The first failure's detail, else the last check's.
        var detail: String {
            let checks = [registration, session, traffic].compactMap { $0 }
            return (checks.first { !$0.ok } ?? checks.last)?.detail ?? ""
        }
    }

    static func ueSlices(_ results: [SmokeResult]) -> [UESlice] {
        var rows: [UESlice] = []
        for result in results where result.check != "ng-setup" {
            if result.check == "registration" {
                rows.append(
                    UESlice(
                        vm: result.vm, group: result.subject, node: result.node, slice: "", dnn: "",
                        registration: result))
                continue
            }
            let sameUE = rows.indices.filter { rows[$0].vm == result.vm && rows[$0].node == result.node }
            guard let last = sameUE.last else { continue }
            let index: Int
            if let existing = sameUE.first(where: { rows[$0].slice == result.slice && rows[$0].dnn == result.dnn }) {
                index = existing
            } else if rows[last].slice.isEmpty && rows[last].dnn.isEmpty {
                index = last
            } else {
                index = last + 1
                rows.insert(
                    UESlice(
                        vm: result.vm, group: result.subject, node: result.node, slice: "", dnn: "",
                        registration: rows[last].registration),
                    at: index)
            }
            rows[index].slice = result.slice
            rows[index].dnn = result.dnn
            if result.check == "pdu-session" { rows[index].session = result } else { rows[index].traffic = result }
        }
        return rows
    }

    static func mark(_ result: SmokeResult?) -> String {
        guard let result else { return "-" }
        return result.ok ? "ok" : "FAIL"
    }

    /// Columns padded to their widest cell; the last column is not padded.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1
                    ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
