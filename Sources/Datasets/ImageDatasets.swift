import Foundation
import Tensors

/// Images and labels split into training and test sets, as `keras.datasets.*.load_data()` returns
/// them: pixel values 0…255 as floats, shape `[samples, 28, 28]`; labels as class indices, shape `[samples]`.
public struct ImageDataset {
    public let xTrain: Tensor
    public let yTrain: Tensor
    public let xTest: Tensor
    public let yTest: Tensor
    public let classNames: [String]
    /// The folder the files were read from.
    public let source: String

    public init(xTrain: Tensor, yTrain: Tensor, xTest: Tensor, yTest: Tensor, classNames: [String], source: String) {
        (self.xTrain, self.yTrain, self.xTest, self.yTest, self.classNames, self.source) = (xTrain, yTrain, xTest, yTest, classNames, source)
    }
}

/// A dataset of four IDX files, where to find them and how to check them.
public struct IDXDatasetSpec: Sendable {
    public var name: String
    /// The folder name under the cache directory, e.g. `fashion-mnist`.
    public var folder: String
    /// File name → SHA-256 of its decompressed contents (so that any gzip wrapper of the same data passes).
    public var files: [(name: String, sha256: String)]
    /// Where to download the `.gz` files from, tried in order.
    public var mirrors: [String]
    /// Folders a system package installs the files to.
    public var systemFolders: [String]
    public var classNames: [String]

    public init(
        name: String, folder: String, files: [(name: String, sha256: String)], mirrors: [String],
        systemFolders: [String], classNames: [String]
    ) {
        self.name = name
        self.folder = folder
        self.files = files
        self.mirrors = mirrors
        self.systemFolders = systemFolders
        self.classNames = classNames
    }
}

/// Zalando's Fashion-MNIST: 70,000 28×28 grey images of clothing in 10 classes, the chapter's data set.
public enum FashionMNIST {
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    public static let spec = IDXDatasetSpec(
        name: "Fashion-MNIST", folder: "fashion-mnist",
        files: [
            ("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            ("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            ("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            ("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ],
        mirrors: [
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        ],
        systemFolders: ["/usr/share/datasets/fashion-mnist"], classNames: classNames)

    /// Loads Fashion-MNIST: 60,000 training and 10,000 test images (see ``DatasetLoader`` for where it looks).
    public static func load(directory: String? = nil, loader: DatasetLoader = DatasetLoader()) throws -> ImageDataset {
        try loader.load(spec, directory: directory)
    }
}

/// LeCun's MNIST: 70,000 28×28 grey images of handwritten digits.
public enum MNIST {
    public static let spec = IDXDatasetSpec(
        name: "MNIST", folder: "mnist",
        files: [
            ("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            ("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            ("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            ("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        ],
        mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/"],
        systemFolders: [], classNames: (0...9).map(String.init))

    /// Loads MNIST: 60,000 training and 10,000 test digits (see ``DatasetLoader`` for where it looks).
    public static func load(directory: String? = nil, loader: DatasetLoader = DatasetLoader()) throws -> ImageDataset {
        try loader.load(spec, directory: directory)
    }
}
