import Datasets
import Testing

@Suite struct CSVFileTests {
    @Test func readsNumericFeaturesAndClassNames() throws {
        let csv = try CSVFile(text: "a,b,kind\n1,2,cat\n3,4,dog\r\n\n5,\"6\",cat\n")
        let data = try csv.dataset(target: "kind")
        #expect(data.features == [[1, 2], [3, 4], [5, 6]])
        #expect(data.targetNames == ["cat", "dog"])
        #expect(data.labels == [0, 1, 0])
        let numeric = try csv.dataset(target: "b", features: ["a"])
        #expect(numeric.target == [2, 4, 6] && numeric.targetNames.isEmpty)
    }

    @Test func errorsNameTheLineAndColumn() throws {
        func message(_ text: String, target: String = "y") -> String {
            do { _ = try CSVFile(text: text).dataset(target: target) } catch { return "\(error)" }
            return "no error"
        }
        #expect(message("x,y\n1,2\n3\n").contains("line 3: 1 fields, but the header has 2"))
        #expect(message("x,y\n1,2\nabc,1\n").contains("line 3, column 'x': 'abc' is not a number"))
        #expect(message("x,y\n1,2\n,1\n").contains("line 3, column 'x': the value is missing"))
        #expect(message("x,y\n1,2\nnan,1\n").contains("line 3, column 'x': nan is not a finite number"))
        #expect(message("x,y\n1,2\n", target: "z").contains("no column 'z'"))
        #expect(message("x,y\n").contains("no data rows"))
        #expect(message("").contains("empty"))
        #expect(message("x,y\n\"1,2\n").contains("never closed"))
        #expect(throws: DatasetError.self) { try CSVFile(contentsOf: "/nonexistent/file.csv") }
    }
}
