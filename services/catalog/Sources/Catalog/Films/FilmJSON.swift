import Foundation
import ServiceKit

/// Films written as JSON text directly (`JSONText`): the bytes `JSONBody.encoder` makes of the
/// `Codable` value, keys in the same sorted order, nil members left out, at a fraction of the
/// cost. Search pages and the film page use it; `CatalogTests.filmJSONText` compares the two byte
/// for byte.
extension Film {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("audioLanguages", audioLanguages)
        json.member("backdropPath", backdropPath)
        json.key("cast")
        json.array(cast) { $1.write(to: &$0) }
        json.member("categories", categories)
        json.member("certification", certification)
        json.member("createdAt", createdAt)
        json.key("crew")
        json.array(crew) { $1.write(to: &$0) }
        json.member("formats", formats)
        json.member("genres", genres)
        json.member("id", id.uuidString)
        if let images {
            json.key("images")
            images.write(to: &json)
        }
        json.member("keywords", keywords)
        json.member("localEdits", localEdits)
        json.member("originalLanguage", originalLanguage)
        json.member("originalTitle", originalTitle)
        json.member("popularity", popularity)
        json.member("posterPath", posterPath)
        json.member("publishedAt", publishedAt)
        json.member("rating", rating)
        json.member("releaseDate", releaseDate)
        json.member("runtimeMinutes", runtimeMinutes)
        json.member("spokenLanguages", spokenLanguages)
        json.member("status", status)
        json.member("subtitleLanguages", subtitleLanguages)
        json.member("syncedAt", syncedAt)
        json.member("synopsis", synopsis)
        json.member("synopsisEn", synopsisEn)
        json.member("title", title)
        json.member("tmdbId", tmdbId)
        json.key("trailers")
        json.array(trailers) { $1.write(to: &$0) }
        json.member("updatedAt", updatedAt)
        if let uploadedImages {
            json.key("uploadedImages")
            json.object(uploadedImages) { $1.write(to: &$0) }
        }
        json.member("voteCount", voteCount)
        json.endObject()
    }

    /// The film alone, as its page answers it.
    var jsonText: [UInt8] {
        var json = JSONText()
        write(to: &json)
        return json.bytes
    }
}

extension Film.CastMember {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("character", character)
        json.member("name", name)
        json.member("order", order)
        json.member("personId", personId)
        json.endObject()
    }
}

extension Film.CrewMember {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("job", job)
        json.member("name", name)
        json.member("personId", personId)
        json.endObject()
    }
}

extension Film.Trailer {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("key", key)
        json.member("language", language)
        json.member("name", name)
        json.member("site", site)
        json.endObject()
    }
}

extension Film.Images {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("backdrop")
        json.object(backdrop)
        json.key("backdropWebp")
        json.object(backdropWebp)
        json.key("poster")
        json.object(poster)
        json.key("posterWebp")
        json.object(posterWebp)
        json.endObject()
    }
}

extension Film.UploadedImage {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("height", height)
        json.member("uploadedAt", uploadedAt)
        json.key("variants")
        json.array(variants) { json, variant in
            json.beginObject()
            json.member("bytes", variant.bytes)
            json.member("format", variant.format.rawValue)
            json.member("name", variant.name)
            json.member("width", variant.width)
            json.endObject()
        }
        json.member("width", width)
        json.endObject()
    }
}

extension FilmSearch.Result {
    /// `{"items":[…],"nextCursor":…,"total":…}`, as its `Codable` form.
    var jsonText: [UInt8] {
        var json = JSONText(capacity: 1024 * (items.count + 1))
        json.beginObject()
        json.key("items")
        json.array(items) { $1.write(to: &$0) }
        json.member("nextCursor", nextCursor)
        json.member("total", total)
        json.endObject()
        return json.bytes
    }
}
