@testable import DTICore
import Testing

/// A row's figures held in place (`ContractValues`) behave as the array of thirteen they
/// replaced: the same values in the same order, equal and hashed alike exactly when the
/// arrays are equal, written one at a time where the array was.
struct ContractValuesTests {
    @Test func oneValuePerFigureOfTheContract() {
        #expect(ContractValues().count == Figure.allCases.count)
        #expect(Array(ContractValues()) == Array(repeating: 0, count: Figure.allCases.count))
        for figure in Figure.allCases {
            var values = ContractValues()
            values[figure.index] = 7
            #expect(Figures(values: values)[figure] == 7)
            #expect(values.filter { $0 != 0 } == [7])
        }
    }

    @Test func theyAreTheArrayTheyWereMadeFrom() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // Half the time the same values, else one of them (any one) different.
            let a = (0..<Figure.allCases.count).map { _ in Int.random(in: -1_000...1_000, using: &generator) }
            var b = a
            if Bool.random(using: &generator) { b[Int.random(in: 0..<b.count, using: &generator)] += Int.random(in: 1...9, using: &generator) }
            let (x, y) = (ContractValues(a), ContractValues(b))
            #expect(Array(x) == a)
            #expect(x.withUnsafeBufferPointer(Array.init) == a)
            #expect((x == y) == (a == b))
            if a == b { #expect(x.hashValue == y.hashValue) }
            var written = x, expected = a
            let index = Int.random(in: 0..<a.count, using: &generator), value = Int.random(in: -9...9, using: &generator)
            written[index] = value
            expected[index] = value
            #expect(Array(written) == expected)
            #expect(Array(x) == a, "a copy is not changed by writing to another")
        }
    }
}
