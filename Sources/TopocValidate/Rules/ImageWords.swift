import TopocModel

/// What an image's name, URL or path says about the distribution in it: the install rules warn on a release
/// whose packages cannot do what the install method needs.
enum ImageWords {
    /// Whether image `position` names one of `words` (lower-case ASCII) in its name, URL or path, in any case.
    static func mention(_ words: [String], image position: Int, in images: [Image]) -> Bool {
        let image = images[position]
        return [image.name, image.url, image.path].contains { text in text.map { mention(words, in: $0) } == true }
    }

    /// The words are ASCII, so they are compared as UTF-8 bytes at every position of the text.
    static func mention(_ words: [String], in text: String) -> Bool {
        let bytes = Array(text.lowercased().utf8)
        return words.contains { word in
            let word = Array(word.utf8)
            return bytes.count >= word.count
                && (0...bytes.count - word.count).contains { bytes[$0..<$0 + word.count].elementsEqual(word) }
        }
    }
}
