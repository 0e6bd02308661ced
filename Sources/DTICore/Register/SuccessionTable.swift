import Foundation

/// Which communes of an old register each commune of a new one was formed from (the July
/// 2025 reform: `data/registers/vn_succession_2025-07.csv`). A new commune's figures for a
/// month of the old register are the sums of its `full` predecessors' (`Succession`).
public struct SuccessionTable: Sendable, Equatable {
    public enum Link: String, Sendable, CaseIterable {
        /// The whole old commune went into the new one.
        case full
        /// Part of it did; the rest went elsewhere.
        case partial
    }

    public struct Entry: Sendable, Equatable {
        public var newCode: String
        public var oldCode: String
        public var link: Link

        public init(newCode: String, oldCode: String, link: Link) {
            self.newCode = newCode
            self.oldCode = oldCode
            self.link = link
        }
    }

    /// The register the old codes belong to, and the one the new codes belong to.
    public var old: Period
    public var new: Period
    public var entries: [Entry]

    public init(old: Period, new: Period, entries: [Entry]) {
        self.old = old
        self.new = new
        self.entries = entries
    }

    /// A line the table cannot be loaded with, in words a department can act on.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: LocalizedText
        public var description: String { "\(file):\(line): \(message.en)" }
    }

    /// Every problem of a table refused, and the table its sound lines make (for a
    /// department that chooses to load those and correct the rest later).
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var problems: [Problem]
        public var soundLines: SuccessionTable?
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    static let required = ["new_commune_code", "old_commune_code", "link"]

    /// Reads a succession CSV (any column order; `new_commune_code`, `old_commune_code` and
    /// `link` are needed, the others are for people) and checks every line against the two
    /// registers it joins. Returns the table, or every problem with its line.
    public static func parse(_ bytes: [UInt8], file: String, old: RegisterVersion, new: RegisterVersion)
        -> Result<SuccessionTable, Problems> {
        var problems: [Problem] = []
        func problem(_ line: Int, vi: String, en: String) {
            problems.append(Problem(file: file, line: line, message: LocalizedText(vi: vi, en: en)))
        }
        let start: Int
        switch TextEncodingCheck.textStart(of: bytes) {
        case .success(let offset): start = offset
        case .failure(let issue): return .failure(Problems(problems: [Problem(file: file, line: issue.line ?? 1, message: issue.message)]))
        }
        var reader = CSVReader(bytes: bytes, delimiter: UInt8(ascii: ","), startingAt: start)
        var fields: [CSVReader.Field] = []
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        do {
            guard try reader.next(into: &fields) != nil else {
                return .failure(Problems(problems: [Problem(file: file, line: 1, message: LocalizedText(vi: "tệp trống", en: "the file is empty"))]))
            }
            let header = fields.map { reader.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
            let positions = required.map { header.firstIndex(of: $0) }
            guard positions.allSatisfy({ $0 != nil }) else {
                let absent = zip(required, positions).filter { $0.1 == nil }.map(\.0).joined(separator: ", ")
                return .failure(Problems(problems: [Problem(file: file, line: 1, message: LocalizedText(
                    vi: "dòng tiêu đề thiếu cột \(absent)", en: "the header lacks the column(s) \(absent)"))]))
            }
            let (newColumn, oldColumn, linkColumn) = (positions[0]!, positions[1]!, positions[2]!)
            while let line = try reader.next(into: &fields) {
                if fields.count == 1 && reader.isBlank(fields[0]) { continue }
                guard fields.count == header.count else {
                    problem(line, vi: "cần \(header.count) cột, có \(fields.count)", en: "expected \(header.count) columns, found \(fields.count)")
                    continue
                }
                let value = { (index: Int) in reader.string(fields[index]).trimmingCharacters(in: .whitespaces) }
                let newCode = value(newColumn), oldCode = value(oldColumn), linkText = value(linkColumn)
                var good = true
                if new.unit(code: newCode) == nil {
                    problem(line, vi: "mã xã mới “\(newCode)” không có trong danh mục \(new.name)",
                            en: "new commune code “\(newCode)” is not in register \(new.name)")
                    good = false
                }
                if old.unit(code: oldCode) == nil {
                    problem(line, vi: "mã xã cũ “\(oldCode)” không có trong danh mục \(old.name)",
                            en: "old commune code “\(oldCode)” is not in register \(old.name)")
                    good = false
                }
                guard let link = Link(rawValue: linkText.lowercased()) else {
                    problem(line, vi: "cột link phải là full hoặc partial, có “\(linkText)”",
                            en: "link must be full or partial, found “\(linkText)”")
                    continue
                }
                if let earlier = seen[newCode + "/" + oldCode] {
                    problem(line, vi: "cặp \(newCode) ← \(oldCode) đã có ở dòng \(earlier)",
                            en: "the pair \(newCode) ← \(oldCode) is already on line \(earlier)")
                    continue
                }
                seen[newCode + "/" + oldCode] = line
                if good { entries.append(Entry(newCode: newCode, oldCode: oldCode, link: link)) }
            }
        } catch {
            problems.append(Problem(file: file, line: error.line, message: LocalizedText(vi: "dấu ngoặc kép không cân", en: "unbalanced quotes")))
        }
        // A commune wholly absorbed twice is an error of the table: its figures would count twice.
        var fullOwners: [String: String] = [:]
        var doubled: Set<String> = []
        for entry in entries where entry.link == .full {
            if let owner = fullOwners[entry.oldCode], owner != entry.newCode {
                doubled.insert(entry.oldCode)
                problem(seen[entry.newCode + "/" + entry.oldCode] ?? 1,
                        vi: "xã cũ \(entry.oldCode) được ghi nhập toàn bộ vào cả \(owner) và \(entry.newCode)",
                        en: "old commune \(entry.oldCode) is wholly absorbed by both \(owner) and \(entry.newCode)")
            }
            fullOwners[entry.oldCode] = entry.newCode
        }
        guard problems.isEmpty else {
            let sound = entries.filter { !doubled.contains($0.oldCode) }
            return .failure(Problems(problems: problems.sorted { $0.line < $1.line },
                                     soundLines: sound.isEmpty ? nil : SuccessionTable(old: old.inForce, new: new.inForce, entries: sound)))
        }
        guard !entries.isEmpty else {
            return .failure(Problems(problems: [Problem(file: file, line: 1, message: LocalizedText(vi: "bảng không có dòng nào", en: "the table has no rows"))]))
        }
        return .success(SuccessionTable(old: old.inForce, new: new.inForce, entries: entries))
    }
}
