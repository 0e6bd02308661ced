@testable import DTICore
import Testing

/// The cells read straight from their bytes: a commune code of one to five digits comes out as
/// the register writes it, five digits with leading zeros; anything else is left to the rules
/// that explain the problem.
struct PlainCellTests {
    @Test(arguments: [("1", "00001"), ("42", "00042"), ("317", "00317"), ("0317", "00317"), ("03388", "03388"), ("32248", "32248")])
    func aCommuneCodeOfDigitsIsPaddedToFive(cell: String, code: String) {
        #expect(plainCode(cell) == code)
    }

    @Test(arguments: ["", "123456", "12a", " 123", "1 2", "-12", "１２", "1.0"])
    func anythingElseIsLeftToTheRules(cell: String) {
        #expect(plainCode(cell) == nil)
    }

    private func plainCode(_ cell: String) -> String? {
        Array(cell.utf8).withUnsafeBufferPointer { CellRules.plainCommuneCode($0) }
    }
}
