import Foundation

/// California housing, scikit-learn's version (`fetch_california_housing`), shipped with the library:
/// 20,640 districts, 8 features, the median house value in units of $100,000.
public enum CaliforniaHousing {
    public static let featureNames = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]

    public static func load() -> TabularDataset {
        // The embedded file is verified at generation time; decoding it cannot fail.
        let text = String(decoding: try! Gzip.decompress(Data(base64Encoded: gzipBase64)!, name: "cal_housing.data.gz"), as: UTF8.self)
        var features: [[Double]] = [], target: [Double] = []
        features.reserveCapacity(20_640)
        for line in text.split(separator: "\n") {
            // longitude, latitude, housingMedianAge, totalRooms, totalBedrooms, population, households, medianIncome, medianHouseValue
            let v = line.split(separator: ",").map { Double($0)! }
            let households = v[6]
            features.append([v[7], v[2], v[3] / households, v[4] / households, v[5], v[5] / households, v[1], v[0]])
            target.append(v[8] / 100_000)
        }
        return try! TabularDataset(name: "california_housing", features: features, featureNames: featureNames, target: target)
    }
}
