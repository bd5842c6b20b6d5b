import Foundation
import Serialization

extension Model {
    /// Opens a `.keras` file by URL, as `keras.models.load_model(path)`; see ``load(from:customObjects:)``.
    public static func load(contentsOf url: URL, customObjects: [any KerasSerializable.Type] = []) throws -> Model {
        try load(from: url.path, customObjects: customObjects)
    }
}
