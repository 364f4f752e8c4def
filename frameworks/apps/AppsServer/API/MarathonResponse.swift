import AppsCore
import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    /// `Marathon-Deployment-Id`: the deployment a change started.
    static let marathonDeploymentID = HTTPField.Name("Marathon-Deployment-Id")!
    /// `X-Marathon-Leader`: the leader's URL, on every answer a leader gives.
    static let marathonLeader = HTTPField.Name("X-Marathon-Leader")!
}

extension Response {
    /// A JSON document as Marathon sends it.
    static func marathon(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }

    /// A body-less answer.
    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: ResponseBody())
    }

    /// `{"version","deploymentId"}` with the `Marathon-Deployment-Id` header.
    static func deployment(_ ref: DeploymentRef) -> Response {
        .marathon(ref.json, headers: [.marathonDeploymentID: ref.id])
    }
}

extension MarathonError {
    var response: Response { .marathon(self.body, status: self.status, headers: self.headers) }
}
