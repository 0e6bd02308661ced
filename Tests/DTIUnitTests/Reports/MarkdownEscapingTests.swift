@testable import DTICore
import DTISQLite
import Testing

struct MarkdownEscapingTests {
    @Test func tableCellsCannotBeBrokenBySubmittedText() {
        #expect(MarkdownReport.escapeCell("a | b") == "a \\| b")
        #expect(MarkdownReport.escapeCell("one\r\ntwo\nthree") == "one<br>two<br>three")
        #expect(MarkdownReport.escapeCell("<script>") == "&lt;script&gt;")
        #expect(MarkdownReport.escapeCell("=1+2 *bold*") == "=1+2 \\*bold\\*")
    }
}
