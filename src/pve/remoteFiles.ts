// The host's files as the editor's remote file system uses them: opened through the host model
// (HostModel.files), so a node's own files can be reached on that node.
export { RemoteFileConflictError, type RemoteFiles } from '../remote/remoteFiles';
