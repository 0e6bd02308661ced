import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Inputs kept from fuzzing (Fixtures/fuzz; scripts/fuzz adds what it finds): each must be
/// validated without a crash, and a refused one must load no rows.
struct FuzzRegressionTests {

    @Test(arguments: TestData.fuzzCorpus)
    func validatesWithoutCrashing(_ name: String) {
        let validation = TestData.validate(TestData.fixture("fuzz/" + name), name: name)
        #expect(validation.isAccepted || validation.rows.isEmpty)
        for issue in validation.issues.issues {
            #expect(!issue.formatted(.vi).isEmpty && !issue.formatted(.en).isEmpty)
        }
    }

    @Test func theCorpusIsThere() {
        #expect(TestData.fuzzCorpus.count >= 7)
    }

    @Test func numbersTooLargeForACountAreRefusedWithTheirColumn() {
        let validation = TestData.validate(TestData.fixture("fuzz/numbers-at-the-edge.csv"))
        let codes = Set(validation.issues.issues.map(\.code))
        #expect(!validation.isAccepted)
        #expect(codes.isSuperset(of: ["value-too-large", "value-not-whole-number"]), "\(codes)")
    }
}
