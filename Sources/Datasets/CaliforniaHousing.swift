import Foundation

/// California housing, scikit-learn's version (`fetch_california_housing`), shipped with the library:
/// 20,640 districts, 8 features, the median house value in units of $100,000.
public enum CaliforniaHousing {
    public static let featureNames = ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup", "Latitude", "Longitude"]

    /// The data set, from the library's bundled `cal_housing.data.gz`.
    public static func load() throws -> TabularDataset {
        let text = try BundledData.text("cal_housing.data.gz")
        var features: [[Double]] = [], target: [Double] = []
        features.reserveCapacity(20_640)
        for (number, line) in text.split(separator: "\n").enumerated() {
            // longitude, latitude, housingMedianAge, totalRooms, totalBedrooms, population, households, medianIncome, medianHouseValue
            let v = try BundledData.numbers(line, file: "cal_housing.data", line: number + 1)
            guard v.count == 9 else { throw DatasetError.corrupt("the bundled cal_housing.data is damaged at line \(number + 1); reinstall NeuralKit") }
            let households = v[6]
            features.append([v[7], v[2], v[3] / households, v[4] / households, v[5], v[5] / households, v[1], v[0]])
            target.append(v[8] / 100_000)
        }
        return try TabularDataset(name: "california_housing", features: features, featureNames: featureNames, target: target)
    }
}
