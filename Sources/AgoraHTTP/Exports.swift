// RecordIO lives in its own dependency-free module so the command executor can use it
// without Foundation; everything that imports AgoraHTTP sees it too.
@_exported import AgoraRecordIO
