/// One row's cells read into a `SubmissionRow`, each cell that cannot be read reported.
extension FileValidator {
    /// Reads a row's cells, reporting each that cannot be read. Returns the row with the cells
    /// that could be read (placeholders in the others), or nil when the row's shape is wrong.
    func readRow<Reader: RecordReader>(_ fields: [CSVReader.Field], reader: Reader, at location: RowLocation,
                                       issues: inout IssueCollector) -> (SubmissionRow, ReadableCells)? {
        let header = location.header
        if fields.count > header.columns.count,
           let extra = fields[header.columns.count...].firstIndex(where: { !reader.isBlank($0) }) {
            issues.add(ReadingIssues.extraValues(at: location, count: fields.count, column: extra + 1, delimiter: reader.delimiter))
            return nil
        }
        for index in header.unnamedPositions where index < fields.count && !reader.isBlank(fields[index]) {
            issues.add(ReadingIssues.valueWithoutHeading(at: location, column: index + 1, value: reader.string(fields[index])))
        }

        let emptyField = CSVReader.Field(start: 0, end: 0, hasEscapedQuote: false)
        func field(_ column: SubmissionColumn) -> CSVReader.Field? {
            header.position(of: column).map { $0 < fields.count ? fields[$0] : emptyField }
        }
        var readable = ReadableCells.all(context.form)
        func take<T>(_ result: Result<T, ValidationIssue>, _ cell: ReadableCells) -> T? {
            switch result {
            case .success(let value): return value
            case .failure(let issue):
                issues.add(issue)
                readable.remove(cell)
                return nil
            }
        }
        let codeField = field(.communeCode)!, periodField = field(.period)!
        var values = ContractValues()
        let (plainCode, plainPeriod) = reader.bytes.withUnsafeBufferPointer { buffer in
            (CellRules.plainCommuneCode(UnsafeBufferPointer(rebasing: buffer[codeField.start..<codeField.end])),
             CellRules.plainPeriod(UnsafeBufferPointer(rebasing: buffer[periodField.start..<periodField.end])))
        }
        let code = plainCode ?? take(CellRules.communeCode(reader.string(codeField), at: location), .communeCode)
        let period = plainPeriod ?? take(CellRules.period(reader.string(periodField), at: location), .period)
        reader.bytes.withUnsafeBufferPointer { buffer in
            for figure in Figure.allCases {
                let cell = field(.figure(figure))!
                let bytes = UnsafeBufferPointer(rebasing: buffer[cell.start..<cell.end])
                // A cell that reads as a number needs no issue made ready: the rule, which
                // explains what is wrong, runs only for one that does not.
                if case .success(let value) = WholeNumber.parse(bytes) {
                    values[figure.index] = value
                } else if let value = take(CellRules.figure(figure, bytes, at: location), .figure(figure)) {
                    values[figure.index] = value
                }
            }
        }
        let (extras, texts) = context.form.extras.isEmpty ? ([:], [:])
            : readExtras(fields, reader: reader, period: period, at: location, readable: &readable, issues: &issues)
        func text(_ column: SubmissionColumn) -> String? {
            guard let cell = field(column), !reader.isBlank(cell) else { return nil }
            let value = reader.string(cell)
            TextCellRules.check(value, column: column, at: location, into: &issues)
            return value
        }
        var figures = Figures(values: values)
        figures.extras = extras
        figures.texts = texts
        let row = SubmissionRow(
            line: location.line, communeCode: code ?? "", period: period ?? context.latestPeriod,
            figures: figures,
            communeName: text(.communeName).map { String($0.trimmingWhitespace()) }, notes: text(.notes))
        return (row, readable)
    }

    /// The cells of the province's own fields: each read as its kind says, held to the form in
    /// force for the row's month (`period`, nil when unreadable: then every field is read).
    /// A field the month's form does not have must be left blank; one it requires must be there.
    private func readExtras<Reader: RecordReader>(_ fields: [CSVReader.Field], reader: Reader, period: Period?,
                                                  at location: RowLocation, readable: inout ReadableCells,
                                                  issues: inout IssueCollector) -> ([String: Int], [String: String]) {
        let form = context.form
        var values: [String: Int] = [:]
        var texts: [String: String] = [:]
        for (offset, field) in form.extras.enumerated() {
            let index = Figure.allCases.count + offset
            let column = form.column(ofField: index)
            let position = location.header.position(of: column)
            // A short row's missing cells are empty, as the contract's are (`readRow`).
            let cell = position.map { $0 < fields.count ? fields[$0] : CSVReader.Field(start: 0, end: 0, hasEscapedQuote: false) }
            let blank = cell.map(reader.isBlank) ?? true
            let inForce = period.map(field.isInForce) ?? true
            if let period, let since = field.since, !inForce {
                if !blank {
                    issues.add(FormIssues.notInForm(field, since: since, column: column, period: period, form: form, at: location))
                    readable.remove(.field(index))
                }
                continue
            }
            guard let cell else {
                // Only a field that came in later can be missing here (the header requires the
                // others); a row whose month cannot be read has had its complaint already.
                if field.isRequired {
                    if let period, let since = field.since {
                        issues.add(FormIssues.columnMissing(field, since: since, period: period, form: form, at: location))
                    }
                    readable.remove(.field(index))
                }
                continue
            }
            if blank && !field.isRequired { continue }
            if field.kind == .text {
                let text = String(reader.string(cell).trimmingWhitespace())
                if text.isEmpty {
                    issues.add(location.issue(.valueMissing, at: column, LocalizedText(
                        vi: "Ô “\(location.name(of: column))” đang để trống; hãy ghi nội dung.",
                        en: "“\(location.name(of: column))” is empty; write its text.")))
                    readable.remove(.field(index))
                } else {
                    let before = issues.errorCount
                    TextCellRules.check(text, column: column, at: location, into: &issues)
                    if issues.errorCount == before { texts[field.name] = text } else { readable.remove(.field(index)) }
                }
                continue
            }
            let result: Result<Int, ValidationIssue>
            if field.kind == .yesNo {
                result = CellRules.yesNo(reader.string(cell), column: column, at: location)
            } else {
                result = reader.bytes.withUnsafeBufferPointer { buffer in
                    CellRules.whole(column, UnsafeBufferPointer(rebasing: buffer[cell.start..<cell.end]), at: location)
                }
            }
            switch result {
            case .success(let value): values[field.name] = value
            case .failure(let issue):
                issues.add(issue)
                readable.remove(.field(index))
            }
        }
        return (values, texts)
    }
}
