import DTICore
import Foundation

/// The input the fuzzer mutates goes through what every uploaded file goes through: the
/// encoding check, the CSV reader, the header map, every cell and row rule. Any crash, hang
/// or runaway memory here would be one a commune could trigger with a file.
enum FuzzTarget {
    static let validator: FileValidator = FileValidator(context: context)

    /// The same, under a province's form: a count and a yes/no task from 2026-09, a score, a
    /// text, and checks over the new fields (one part, and a sum).
    static let formValidator: FileValidator = {
        var province = FuzzTarget.context
        province.form = try! IndicatorFile.parse(BuiltInIndicators.text + """

            [field.members]
            label_vi = "Số thành viên tổ công nghệ số"
            since = "2026-09"
            [field.portal]
            label_vi = "Có trang thông tin điện tử"
            kind = "yes_no"
            since = "2026-09"
            [field.quality]
            label_vi = "Điểm chất lượng"
            kind = "score"
            max = 100
            required = false
            [field.remark]
            label_vi = "Ghi nhận"
            kind = "text"
            required = false
            [check.members_within_adults]
            rule = "members <= adult_population"
            [check.members_and_quality]
            rule = "members + quality <= households_total"
            """, file: "fuzz.toml").form
        return FileValidator(context: province)
    }()

    static let context: ValidationContext = {
        let units = [
            AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: "03388",
                               communeName: "Đoàn Kết", communeType: "Xã"),
            AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: "03390",
                               communeName: "Bình Lư", communeType: "Xã"),
            AdministrativeUnit(provinceCode: "01", provinceName: "Thành phố Hà Nội", communeCode: "00004",
                               communeName: "Ba Đình", communeType: "Phường"),
        ]
        let directory = UnitDirectory(versions: [RegisterVersion(inForce: Period(year: 2025, month: 7)!, units: units)])
        return ValidationContext(directory: directory, latestPeriod: Period(year: 2026, month: 10)!)
    }()

    /// The harness `DTI_FUZZ_TARGET` names: `validator` (default), `form`, `desk` or `workbook`.
    static let target = ProcessInfo.processInfo.environment["DTI_FUZZ_TARGET"] ?? "validator"

    static func run(_ bytes: [UInt8]) {
        switch target {
        case "desk": DeskTarget.run(bytes)
        case "workbook": runWorkbook(bytes)
        case "form": runValidator(bytes, with: formValidator)
        default: runValidator(bytes)
        }
    }

    /// The workbook reader on any bytes, as a zip package: the input is made to start like one
    /// (`PK\3\4`), so every mutation reaches libzip, the inflater and libxml2. One input is read
    /// within the reader's own limits; libFuzzer's `-timeout` catches anything slower.
    static func runWorkbook(_ bytes: [UInt8]) {
        let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let input = bytes.starts(with: signature) ? bytes : signature + bytes
        runValidator(input, name: "fuzz.xlsx")
    }

    static func runValidator(_ bytes: [UInt8], name: String = "fuzz.csv", with validator: FileValidator = validator) {
        let validation = validator.validate(bytes, fileName: name)
        // What is reported must be reportable: every issue formats in both languages.
        for issue in validation.issues.issues {
            _ = issue.formatted(.vi)
            _ = issue.formatted(.en)
        }
        precondition(validation.isAccepted || validation.rows.isEmpty, "a refused file must load no rows")
        // What is stored of a province's fields reads back as the same values.
        for row in validation.rows where row.figures.extrasJSON != nil {
            var back = Figures(values: row.figures.values)
            back.setExtras(json: row.figures.extrasJSON)
            precondition(back == row.figures, "the stored form of a row's own fields must read back the same")
        }
    }
}

#if FUZZING
/// libFuzzer's driver (linked in by -sanitize=fuzzer).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// What libFuzzer calls once per input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`; here it hands over to
/// libFuzzer's driver.
@_cdecl("dti_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
#else
/// Without libFuzzer: `dti-fuzz FILE...` replays inputs (a crash found by the fuzzer, the
/// regression corpus) through the same target.
@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("dti-fuzz: cannot read \(path)\n".utf8))
                exit(66)
            }
            FuzzTarget.run([UInt8](data))
        }
    }
}
#endif
