import Tuning

/// A search dimension as the command line writes it: `16..256:log` (a range, log-sampled), `1..3`, a
/// list `sgd,adam` (a choice), or one value (fixed).
enum SearchRange {
    case range(low: String, high: String, log: Bool)
    case list([String])

    /// Parses `text` for `flag`; an empty or half range is an error that shows the form.
    init(_ text: String, flag: String) throws {
        var body = text.trimmingCharacters(in: .whitespaces)
        var log = false
        if body.hasSuffix(":log") {
            log = true
            body.removeLast(4)
        } else if body.hasSuffix(":linear") {
            body.removeLast(7)
        }
        if let dots = body.range(of: "..") {
            let low = String(body[..<dots.lowerBound]).trimmingCharacters(in: .whitespaces)
            let high = String(body[dots.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard !low.isEmpty, !high.isEmpty else { throw CommandError("\(flag) '\(text)' is an empty range; give MIN..MAX, e.g. 16..256 or 16..256:log") }
            self = .range(low: low, high: high, log: log)
            return
        }
        let items = body.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !log, !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw CommandError("\(flag) '\(text)' is not MIN..MAX[:log], a list like a,b,c, or one value")
        }
        self = .list(items)
    }

    /// Declares the dimension as an integer parameter and returns the trial's value.
    func int(_ name: String, in hp: HyperParameters, flag: String) throws -> Int {
        do {
            switch self {
            case let .range(low, high, log):
                guard let low = Int(low), let high = Int(high) else { throw CommandError("\(flag) takes whole numbers, e.g. 16..256") }
                return try hp.int(name, min: low, max: high, sampling: log ? .log : .linear)
            case .list(let items):
                let values = try items.map { item in
                    guard let value = Int(item) else { throw CommandError("\(flag) takes whole numbers, not '\(item)'") }
                    return value
                }
                return values.count == 1 ? try hp.fixed(name, values[0]) : try hp.choice(name, values)
            }
        } catch let error as HyperParameterError { throw CommandError("\(flag): \(error)") }
    }

    /// Declares the dimension as a float parameter and returns the trial's value.
    func float(_ name: String, in hp: HyperParameters, flag: String) throws -> Double {
        do {
            switch self {
            case let .range(low, high, log):
                guard let low = Double(low), let high = Double(high), low.isFinite, high.isFinite else {
                    throw CommandError("\(flag) takes numbers, e.g. 1e-4..1e-2:log")
                }
                return try hp.float(name, min: low, max: high, sampling: log ? .log : .linear)
            case .list(let items):
                let values = try items.map { item in
                    guard let value = Double(item), value.isFinite else { throw CommandError("\(flag) takes numbers, not '\(item)'") }
                    return value
                }
                return values.count == 1 ? try hp.fixed(name, values[0]) : try hp.choice(name, values)
            }
        } catch let error as HyperParameterError { throw CommandError("\(flag): \(error)") }
    }

    /// Declares the dimension as a choice of names and returns the trial's.
    func name(_ name: String, in hp: HyperParameters, flag: String) throws -> String {
        guard case .list(let items) = self else { throw CommandError("\(flag) takes names separated by commas, e.g. sgd,adam") }
        do { return items.count == 1 ? try hp.fixed(name, items[0]) : try hp.choice(name, items) } catch let error as HyperParameterError {
            throw CommandError("\(flag): \(error)")
        }
    }
}
