import DTICore
import DTITestSupport
import Testing

/// Tiers as data (`[tier.ID]`): a commune is in the highest tier its DTI reaches, rounded to 2
/// decimals as ranks are; the file's mistakes are named.
struct TierTests {
    static let minimal = """
        [pillar.society]
        [indicator.smartphones]
        pillar = "society"
        formula = "adults_smartphone / adult_population"
        target = 0.8
        weight = 1

        """

    @Test func theDefaultSetClassesByTheCutOffsItDeclares() {
        let set = TestData.defaultSet
        #expect(set.tiers.map(\.id) == ["tot", "kha", "trung_binh", "yeu"])
        #expect(set.tiers.map(\.minimum) == [80, 65, 50, 0])
        // Hand-worked: a bound belongs to the tier above it; 79.995 rounds half-up to 80.00.
        let cases: [(Double?, String?)] = [(100, "tot"), (80, "tot"), (79.995, "tot"), (79.994, "kha"), (65, "kha"),
                                           (64.99, "trung_binh"), (50, "trung_binh"), (49.999, "trung_binh"),
                                           (49.994, "yeu"), (0, "yeu"), (nil, nil)]
        for (dti, tier) in cases {
            #expect(set.tier(of: dti)?.id == tier, "DTI \(String(describing: dti))")
        }
        #expect(set.tiers.first?.label(.vi) == "Tốt" && set.tiers.last?.label(.en) == "Weak")
    }

    @Test func tiersAreReadInAnyOrderAndABoundBelowTheLowestHasNone() throws {
        let set = try IndicatorFile.parse(Self.minimal + """
            [tier.low]
            min = 40
            colour = "#AA0000"
            [tier.high]
            label_vi = "Cao"
            label_en = "High"
            min = 70
            colour = "#00aa00"
            """, file: "tiers.toml")
        #expect(set.tiers.map(\.id) == ["high", "low"])
        #expect(set.tiers.map(\.colour) == ["#00aa00", "#aa0000"])
        #expect(set.tier(of: 39.99) == nil, "below the lowest tier: no tier")
        #expect(try IndicatorFile.parse(Self.minimal, file: "none.toml").tiers.isEmpty)
    }

    @Test func mistakesInATierAreNamed() {
        let text = Self.minimal + """
            [tier.a]
            min = 120
            colour = "#00aa00"
            [tier.b]
            min = 50
            colour = "green"
            [tier.c]
            min = 50
            colour = "#112233"
            [tier.d]
            min = 50
            colour = "#445566"
            """
        #expect {
            try IndicatorFile.parse(text, file: "bad.toml")
        } throws: { error in
            let problems = (error as! IndicatorFile.Problems).problems
            return problems.contains { $0.entry == "a" && $0.message.contains("0 to 100") }
                && problems.contains { $0.entry == "b" && $0.message.contains("#RRGGBB") }
                && problems.contains { $0.entry == "d" && $0.message.contains("the same “min”") }
        }
    }
}
