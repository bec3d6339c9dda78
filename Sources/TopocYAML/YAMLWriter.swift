import CYAML

/// Writes a `YAMLValue` with libyaml's emitter, which quotes and escapes correctly. Strings that a reader
/// would take for another type (`"true"`, `"0777"`, `"001"`, `""`) are quoted.
public enum YAMLWriter {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter header: comment lines written before the document (e.g. `#cloud-config`).
    public static func render(_ value: YAMLValue, header: [String] = []) throws(Failure) -> String {
        let sink = Sink()
        // Heap-allocated so libyaml's state never moves while it is in use.
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) != 0 else { throw Failure(description: "out of memory") }
        defer { yaml_emitter_delete(emitter) }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_indent(emitter, 2)
        var events = EventWriter(emitter: emitter)
        try events.stream(value)
        let body = String(decoding: sink.bytes, as: UTF8.self)
        return header.map { $0 + "\n" }.joined() + body
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }
}

/// Feeds events to the emitter. Iterative over an explicit work list, like the parser.
private struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    private enum Work {
        case value(YAMLValue)
        case endSequence
        case endMapping
        case key(String)
    }

    mutating func stream(_ value: YAMLValue) throws(YAMLWriter.Failure) {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try emit(&event)
        var work: [Work] = [.value(value)]
        while let item = work.popLast() {
            switch item {
            case .value(let value):
                try start(value, work: &work)
            case .key(let key):
                try scalar(key, plainAllowed: !ScalarStyle.needsQuotes(key))
            case .endSequence:
                yaml_sequence_end_event_initialize(&event)
                try emit(&event)
            case .endMapping:
                yaml_mapping_end_event_initialize(&event)
                try emit(&event)
            }
        }
        yaml_document_end_event_initialize(&event, 1)
        try emit(&event)
        yaml_stream_end_event_initialize(&event)
        try emit(&event)
        _ = yaml_emitter_flush(emitter)
    }

    private mutating func start(_ value: YAMLValue, work: inout [Work]) throws(YAMLWriter.Failure) {
        var event = yaml_event_t()
        switch value {
        case .string(let text):
            // Looked for as a byte: as `Character`s `"\r\n"` is not a `"\n"`, but a carriage return makes libyaml
            // write the text double-quoted whatever style is asked for, so the result is the same.
            let multiline = text.utf8.contains(UInt8(ascii: "\n"))
            try scalar(text, plainAllowed: !ScalarStyle.needsQuotes(text), literal: multiline)
        case .int(let number):
            try scalar(String(number), plainAllowed: true)
        case .bool(let flag):
            try scalar(flag ? "true" : "false", plainAllowed: true)
        case .null:
            try scalar("null", plainAllowed: true)
        case .sequence(let items):
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
            try emit(&event)
            work.append(.endSequence)
            for item in items.reversed() { work.append(.value(item)) }
        case .mapping(let pairs):
            yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
            try emit(&event)
            work.append(.endMapping)
            for (key, item) in pairs.reversed() {
                work.append(.value(item))
                work.append(.key(key))
            }
        }
    }

    private mutating func scalar(_ text: String, plainAllowed: Bool, literal: Bool = false) throws(YAMLWriter.Failure) {
        var event = yaml_event_t()
        var bytes = Array(text.utf8)
        let style = literal ? YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
        let ok = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_scalar_event_initialize(
                &event, nil, nil, buffer.baseAddress, Int32(buffer.count), plainAllowed ? 1 : 0, 1, style)
        }
        guard ok != 0 else { throw YAMLWriter.Failure(description: "cannot emit scalar") }
        try emit(&event)
    }

    private mutating func emit(_ event: inout yaml_event_t) throws(YAMLWriter.Failure) {
        guard yaml_emitter_emit(emitter, &event) != 0 else {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown emitter error"
            throw YAMLWriter.Failure(description: problem)
        }
    }
}

/// Decides which strings must not be written plain because a YAML 1.1 or 1.2 reader (PyYAML in cloud-init,
/// Go and C++ readers in the NFs) could type them as something else: booleans and nulls in any spelling,
/// and anything number-like — ints, floats, hex, octal, YAML 1.1 sexagesimals (`52:54:00:12:34:56` is an
/// integer there), dates. Over-quoting is harmless; under-quoting changes a value, so the test is loose.
enum ScalarStyle {
    private static let reservedWords: Set<String> = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan",
    ]
    /// What may appear in something number-like: ASCII only, so a string is checked byte by byte (every
    /// string of every emitted YAML document is checked, and most are short words, addresses or numbers).
    private static let numberish = Set("0123456789_.:+-eExXoObBabcdefABCDEF".utf8)

    static func needsQuotes(_ text: String) -> Bool {
        let bytes = text.utf8
        // No reserved word is longer than five letters, so a longer text (a file's content) is not lowered.
        if bytes.count <= 5, reservedWords.contains(text.lowercased()) { return true }
        let sign = bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+")
        let unsigned = sign ? bytes.dropFirst() : bytes[...]
        guard let first = unsigned.first,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: ".")
        else { return false }
        return unsigned.allSatisfy(numberish.contains)
    }
}
