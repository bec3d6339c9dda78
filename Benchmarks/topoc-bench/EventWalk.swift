// The baseline for parse+validate: libyaml's event parser over the same bytes, building nothing. Whatever
// topoc does beyond this (tree, decoding, validation) is its own cost.
import CYAML

enum EventWalk {
    /// Parses `bytes` into events and counts them; nil when libyaml reports a syntax error.
    static func count(_ bytes: [UInt8]) -> Int? {
        // Heap-allocated so libyaml's state never moves while it is in use.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else { return nil }
        defer { yaml_parser_delete(parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            var events = 0
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else { return nil }
                events += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { return events }
            }
        }
    }
}
