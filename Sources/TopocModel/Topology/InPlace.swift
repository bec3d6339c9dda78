extension Array {
    /// Calls `body` with each element where it lies: `for element in array` copies every element, which for
    /// a VM or an interface means a dozen reference counts, and the rules walk every VM of a lab.
    @inlinable
    public func forEachInPlace(_ body: (borrowing Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { elements in
            for position in elements.indices { try body(elements[position]) }
        }
    }
}
