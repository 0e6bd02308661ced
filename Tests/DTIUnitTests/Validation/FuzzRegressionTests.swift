import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Inputs kept from fuzzing (Fixtures/fuzz; scripts/fuzz adds what it finds): each must be
/// validated without a crash, and a refused one must load no rows.
struct FuzzRegressionTests {

    /// Under the contract's form and under a province's (its own fields, kinds and checks).
    @Test(arguments: TestData.fuzzCorpus)
    func validatesWithoutCrashing(_ name: String) throws {
        var province = TestData.context
        province.form = try TestData.provinceForm
        for context in [TestData.context, province] {
            let validation = FileValidator(context: context).validate(TestData.fixture("fuzz/" + name), fileName: name)
            #expect(validation.isAccepted || validation.rows.isEmpty)
            for issue in validation.issues.issues {
                #expect(!issue.formatted(.vi).isEmpty && !issue.formatted(.en).isEmpty)
            }
            for row in validation.rows {
                var back = Figures(values: row.figures.list)
                back.setExtras(json: row.figures.extrasJSON)
                #expect(back == row.figures)
            }
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
