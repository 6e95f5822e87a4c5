import Foundation
import ServiceKit

/// Films written as JSON text directly (`JSONText`): the bytes `JSONBody.encoder` makes of the
/// `Codable` value, keys in the same sorted order, nil members left out, at a fraction of the
/// cost. Search pages and the film page use it; `CatalogTests.filmJSONText` compares the two byte for byte.
extension Film {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("audioLanguages")
        json.strings(audioLanguages)
        if let backdropPath {
            json.key("backdropPath")
            json.string(backdropPath)
        }
        json.key("cast")
        json.beginArray()
        for member in cast { member.write(to: &json) }
        json.endArray()
        json.key("categories")
        json.strings(categories)
        if let certification {
            json.key("certification")
            json.string(certification)
        }
        json.key("createdAt")
        json.date(createdAt)
        json.key("crew")
        json.beginArray()
        for member in crew { member.write(to: &json) }
        json.endArray()
        json.key("formats")
        json.strings(formats)
        json.key("genres")
        json.strings(genres)
        json.key("id")
        json.uuid(id)
        if let images {
            json.key("images")
            images.write(to: &json)
        }
        json.key("keywords")
        json.strings(keywords)
        json.key("localEdits")
        json.strings(localEdits)
        if let originalLanguage {
            json.key("originalLanguage")
            json.string(originalLanguage)
        }
        if let originalTitle {
            json.key("originalTitle")
            json.string(originalTitle)
        }
        json.key("popularity")
        json.double(popularity)
        if let posterPath {
            json.key("posterPath")
            json.string(posterPath)
        }
        if let publishedAt {
            json.key("publishedAt")
            json.date(publishedAt)
        }
        if let rating {
            json.key("rating")
            json.double(rating)
        }
        if let releaseDate {
            json.key("releaseDate")
            json.string(releaseDate)
        }
        json.key("runtimeMinutes")
        json.int(runtimeMinutes)
        json.key("spokenLanguages")
        json.strings(spokenLanguages)
        json.key("status")
        json.string(status)
        json.key("subtitleLanguages")
        json.strings(subtitleLanguages)
        if let syncedAt {
            json.key("syncedAt")
            json.date(syncedAt)
        }
        json.key("synopsis")
        json.string(synopsis)
        json.key("synopsisEn")
        json.string(synopsisEn)
        json.key("title")
        json.string(title)
        if let tmdbId {
            json.key("tmdbId")
            json.int(tmdbId)
        }
        json.key("trailers")
        json.beginArray()
        for trailer in trailers { trailer.write(to: &json) }
        json.endArray()
        json.key("updatedAt")
        json.date(updatedAt)
        if let uploadedImages {
            json.key("uploadedImages")
            json.beginObject()
            for (kind, image) in uploadedImages.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                json.key(kind)
                image.write(to: &json)
            }
            json.endObject()
        }
        json.key("voteCount")
        json.int(voteCount)
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
        if let character {
            json.key("character")
            json.string(character)
        }
        json.key("name")
        json.string(name)
        json.key("order")
        json.int(order)
        if let personId {
            json.key("personId")
            json.int(personId)
        }
        json.endObject()
    }
}

extension Film.CrewMember {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("job")
        json.string(job)
        json.key("name")
        json.string(name)
        if let personId {
            json.key("personId")
            json.int(personId)
        }
        json.endObject()
    }
}

extension Film.Trailer {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("key")
        json.string(key)
        if let language {
            json.key("language")
            json.string(language)
        }
        json.key("name")
        json.string(name)
        json.key("site")
        json.string(site)
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
        json.key("height")
        json.int(height)
        json.key("uploadedAt")
        json.date(uploadedAt)
        json.key("variants")
        json.beginArray()
        for variant in variants {
            json.beginObject()
            json.key("bytes")
            json.int(variant.bytes)
            json.key("format")
            json.string(variant.format.rawValue)
            json.key("name")
            json.string(variant.name)
            json.key("width")
            json.int(variant.width)
            json.endObject()
        }
        json.endArray()
        json.key("width")
        json.int(width)
        json.endObject()
    }
}

extension FilmSearch.Result {
    /// `{"items":[…],"nextCursor":…,"total":…}`, as its `Codable` form.
    var jsonText: [UInt8] {
        var json = JSONText(capacity: 1024 * (items.count + 1))
        json.beginObject()
        json.key("items")
        json.beginArray()
        for film in items { film.write(to: &json) }
        json.endArray()
        if let nextCursor {
            json.key("nextCursor")
            json.string(nextCursor)
        }
        if let total {
            json.key("total")
            json.int(total)
        }
        json.endObject()
        return json.bytes
    }
}
