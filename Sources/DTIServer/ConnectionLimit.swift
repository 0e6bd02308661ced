import Foundation
import NIOCore
import Synchronization

/// Keeps the number of open connections below the process's descriptor limit, so a flood of
/// idle connections can neither exhaust the descriptors (which sends an accept loop spinning
/// at 100 % of a core) nor lock out a commune with a real upload.
///
/// Every connection is registered when it opens; past the cap, the connection that has been
/// quiet longest (an idle one from the flood, not an upload in progress, whose bytes keep it
/// fresh) is closed to make room.
final class ConnectionLimit: Sendable {
    let capacity: Int
    private let open = Mutex<[ObjectIdentifier: (channel: any Channel, lastHeard: NIODeadline)]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cap for this process: the soft descriptor limit raised to the hard one, less a
    /// reserve for the database, the log and the listening socket.
    static func forThisProcess(reserve: Int = 64, ceiling: Int = 4096) -> ConnectionLimit {
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        let descriptors = limit.rlim_cur > rlim_t(Int32.max) ? ceiling + reserve : Int(limit.rlim_cur)
        return ConnectionLimit(capacity: max(8, min(ceiling, descriptors - reserve)))
    }

    var count: Int { open.withLock { $0.count } }

    func opened(_ channel: any Channel) {
        let evict: (any Channel)? = open.withLock { open in
            open[ObjectIdentifier(channel)] = (channel, .now())
            guard open.count > capacity else { return nil }
            let quietest = open.filter { $0.key != ObjectIdentifier(channel) }.min { $0.value.lastHeard < $1.value.lastHeard }
            if let quietest { open[quietest.key] = nil }
            return quietest?.value.channel
        }
        evict?.close(promise: nil)
    }

    func heard(_ channel: any Channel) {
        open.withLock { open in open[ObjectIdentifier(channel)]?.lastHeard = .now() }
    }

    func closed(_ channel: any Channel) {
        _ = open.withLock { open in open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// The handler each connection's pipeline carries.
    func handler() -> Handler { Handler(limit: self) }

    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let limit: ConnectionLimit

        init(limit: ConnectionLimit) {
            self.limit = limit
        }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { limit.opened(context.channel) }
        }

        func channelActive(context: ChannelHandlerContext) {
            limit.opened(context.channel)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            limit.heard(context.channel)
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            limit.closed(context.channel)
            context.fireChannelInactive()
        }
    }
}
