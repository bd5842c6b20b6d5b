import Foundation

/// What a rank asks rank 0, the owner of the study, in an MPI search (JSON in an MPI message).
enum TrialRequest: Codable {
    /// The first message: the rank's host and process, and its search's identity (objective,
    /// executions, space), which must be rank 0's.
    case hello(host: String, pid: Int32, identity: String)
    case claim
    /// A trial's end, with its History and the bytes of the model it saved.
    case finish(trial: Trial, histories: [[String: [Double]]], model: Data?)
    case consecutiveFailures
    case endedHistories(metric: String)
    case model(trial: Int)
    /// The rank stops asking: the oracle said stop, or it failed (its error, which rank 0 reports).
    case done(error: String?)
}

/// Rank 0's answer to a ``TrialRequest``.
enum TrialReply: Codable {
    case ok
    case claim(Claim)
    case status(TrialStatus)
    case failures(count: Int, message: String?)
    case histories(completed: [[Double]], finished: [[Double]])
    case model(Data)
    /// The request failed on rank 0 (the study's error), or the rank is not part of this search.
    case error(String)
}

/// The tags and the JSON of an MPI search's messages (NaN and infinities as strings, as the study writes them).
enum TrialMessages {
    static let requestTag = 7301
    static let replyTag = 7302

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], from rank: Int) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(type, from: Data(bytes)) } catch {
            throw TuningError.database("rank \(rank) sent a message this rank cannot read (\(error)); are all ranks the same neuralkit build?")
        }
    }
}
