import ArgumentParser
import DTICore
import Foundation

/// The department's hand on a month: `return`, `accept`, `close`, `reopen`. Each action is
/// kept with its author (the operating-system user here) and says what it did.
struct ReviewOptions: ParsableArguments {
    @Option(help: "The month (YYYY-MM).")
    var period: Period

    /// The author of an action at the command line: the operating-system user.
    static var author: String {
        let name = NSUserName()
        return name.isEmpty ? "dti" : name
    }

    func desk(_ global: StoreOptions) throws -> ReviewDesk {
        let store = try global.openStore()
        return ReviewDesk(store: store, directory: try store.unitDirectory())
    }
}

extension DTICommand {
    struct ReturnFigures: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "return",
            abstract: "Return a commune's figures for a month with a reason: they are not ranked until it sends again.",
            discussion: "The commune sees the reason on the upload page and in dti status. Its next accepted file answers the return; dti accept undoes it. Exit 65 when there is nothing to return.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "The commune code.") var commune: String
        @OptionGroup var review: ReviewOptions
        @Option(help: "Why, in words the commune officer reads (shown to them as it is written).") var reason: String

        func run() throws {
            try Console.guarded(language.language) {
                let action = try review.desk(global).returnFigures(commune: commune, period: review.period, reason: reason,
                                                                    author: ReviewOptions.author)
                Console.say(LocalizedText(
                    vi: "đã trả lại số liệu \(review.period.monthName(.vi)) của xã \(action.communeCode!): \(action.reason!)",
                    en: "returned the figures of commune \(action.communeCode!) for \(review.period): \(action.reason!)"), language.language)
                return .ok
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept",
            abstract: "Accept a commune's figures for a month again: undo a return, or take in what arrived after the month was closed.",
            discussion: "Exit 65 when there is nothing to accept.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "The commune code.") var commune: String
        @OptionGroup var review: ReviewOptions

        func run() throws {
            try Console.guarded(language.language) {
                let action = try review.desk(global).accept(commune: commune, period: review.period, author: ReviewOptions.author)
                Console.say(LocalizedText(vi: "đã duyệt số liệu \(review.period.monthName(.vi)) của xã \(action.communeCode!)",
                                          en: "accepted the figures of commune \(action.communeCode!) for \(review.period)"),
                            language.language)
                return .ok
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a province's month (chốt số liệu): its reports, exports, quarters and years stay as they are now.",
            discussion: "Files that arrive later are still received and stored; dti status shows them as received after closing, dti accept takes one in, dti reopen takes them all. Exit 65 when the month is closed already.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "The province code (repeat for several).") var province: [String]
        @OptionGroup var review: ReviewOptions

        func run() throws {
            try review.forEach(province, global, language.language) { desk, code, period in
                _ = try desk.close(province: code, period: period, author: ReviewOptions.author)
                return LocalizedText(vi: "đã chốt số liệu \(period.monthName(.vi)) của tỉnh \(code)", en: "closed \(period) for province \(code)")
            }
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Reopen a province's closed month: every file that arrived since the closing counts.",
            discussion: "Exit 65 when the month is not closed.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "The province code (repeat for several).") var province: [String]
        @OptionGroup var review: ReviewOptions

        func run() throws {
            try review.forEach(province, global, language.language) { desk, code, period in
                _ = try desk.reopen(province: code, period: period, author: ReviewOptions.author)
                return LocalizedText(vi: "đã mở lại \(period.monthName(.vi)) của tỉnh \(code)", en: "reopened \(period) for province \(code)")
            }
        }
    }
}

extension ReviewOptions {
    /// Acts on each of `provinces` in turn, saying what was done; stops at the first refusal.
    func forEach(_ provinces: [String], _ global: StoreOptions, _ language: Language,
                 _ act: (ReviewDesk, String, Period) throws -> LocalizedText) throws {
        try Console.guarded(language) {
            guard !provinces.isEmpty else { throw ValidationError("--province is required") }
            let desk = try desk(global)
            for code in provinces { Console.say(try act(desk, code, period), language) }
            return .ok
        }
    }
}
