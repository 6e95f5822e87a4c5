import Configuration

/// scheduling's settings.
///
/// Keys: `scheduling.hold.ttl.seconds` (600), `scheduling.trailer.minutes` (15) and
/// `scheduling.cleaning.minutes` (15): buffers added to a film's runtime when checking that
/// screenings do not overlap, `scheduling.reaper.interval.seconds` (5),
/// `scheduling.ticket.secret` (secret; signs ticket payloads for QR codes),
/// `scheduling.hold.extension.seconds` (300): what the one extension of a hold adds,
/// `scheduling.cancellation.cutoff.minutes` (120): customers may cancel a paid booking until then,
/// `scheduling.late.entry.minutes` (15): seats are sold until then after a screening starts,
/// `scheduling.occupancy.alert.percent` (80): the fill rate that publishes
/// `scheduling.screening.occupancy_reached` (once per screening).
struct SchedulingConfig: Sendable {
    var holdTTLSeconds: Int
    var trailerMinutes: Int
    var cleaningMinutes: Int
    var reaperIntervalSeconds: Int
    var ticketSecret: String
    var holdExtensionSeconds: Int
    var occupancyAlertPercent: Int
    var cancellationCutoffMinutes: Int
    var lateEntryMinutes: Int

    init(reader: ConfigReader) {
        holdTTLSeconds = reader.int(forKey: "scheduling.hold.ttl.seconds", default: 600)
        trailerMinutes = reader.int(forKey: "scheduling.trailer.minutes", default: 15)
        cleaningMinutes = reader.int(forKey: "scheduling.cleaning.minutes", default: 15)
        reaperIntervalSeconds = reader.int(forKey: "scheduling.reaper.interval.seconds", default: 5)
        cancellationCutoffMinutes = reader.int(forKey: "scheduling.cancellation.cutoff.minutes", default: 120)
        lateEntryMinutes = reader.int(forKey: "scheduling.late.entry.minutes", default: 15)
        occupancyAlertPercent = reader.int(forKey: "scheduling.occupancy.alert.percent", default: 80)
        holdExtensionSeconds = reader.int(forKey: "scheduling.hold.extension.seconds", default: 300)
        ticketSecret = reader.string(forKey: "scheduling.ticket.secret", isSecret: true, default: "")
    }
}
