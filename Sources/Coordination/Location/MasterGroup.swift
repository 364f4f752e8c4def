/// Every master in a ZooKeeper group, read once: for clients that must find another master
/// when the one they talk to is gone (the web UI after its master dies).
public enum MasterGroup {
    /// The base URLs (`http://host:port`) of the group's members at `url.path`, leader first;
    /// members whose data is not MasterInfo with an address are left out.
    public static func baseURLs(
        in url: ZooKeeperURL, label: String = "json.info", sessionTimeout: Duration = .seconds(10)
    ) async throws(ZooKeeperError) -> [String] {
        let client = try ZooKeeperClient(url: url, sessionTimeout: sessionTimeout)
        do throws(ZooKeeperError) {
            try await client.waitUntilConnected(timeout: sessionTimeout)
            var urls: [String] = []
            for member in Election.members(of: try await client.children(url.path), label: label) {
                if let base = try await Self.baseURL(of: ZooKeeperPath.join(url.path, member.name), client) { urls.append(base) }
            }
            await client.close()
            return urls
        } catch {
            await client.close()
            throw error
        }
    }

    /// A member's base URL; nil when it left meanwhile or its data is no usable MasterInfo.
    private static func baseURL(of path: String, _ client: ZooKeeperClient) async throws(ZooKeeperError) -> String? {
        let data: [UInt8]
        do throws(ZooKeeperError) {
            data = try await client.get(path).data
        } catch .noNode {
            return nil
        }
        do {
            return try MasterInfo.decode(data).baseURL()
        } catch {
            return nil  // another kind of member: nothing a client could go to
        }
    }
}
