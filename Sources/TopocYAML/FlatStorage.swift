/// A growable buffer of plain values that the tree builder fills and the document then reads, without a
/// copy between them and without the reference counting and uniqueness checks of an `Array` on every
/// append and read.
final class FlatStorage<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int
    /// Called before the buffer moves, so a reader on another thread can be stopped first.
    var beforeMoving: (() -> Void)?

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    subscript(position: Int) -> Element {
        get {
            assert(position >= 0 && position < count, "flat storage read out of range")
            return base[position]
        }
        set {
            assert(position >= 0 && position < count, "flat storage write out of range")
            base[position] = newValue
        }
    }

    func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        (base + count).initialize(from: source, count: elements.count)
        count += elements.count
    }

    /// Drops the last `count` elements (plain values: nothing to deinitialize), as a stack pops.
    func removeLast(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "flat storage removal out of range")
        self.count -= count
    }

    /// `range` in place; valid until the next append.
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
        assert(range.lowerBound >= 0 && range.upperBound <= count, "flat storage slice out of range")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Everything written, in place; valid while this storage lives and nothing is appended.
    var contents: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The whole allocation, written or not: for a reader that only reads what it was told was written.
    var allocation: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: capacity) }

    private func grow(to needed: Int) {
        beforeMoving?()
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
