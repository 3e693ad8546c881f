package inventory

// FieldGroupUsers names, in a Gap, what uses a security group: the
// resources other than Lambda functions that share it
// (SecurityGroup.AttachedTo) could not be read.
const FieldGroupUsers = "groupUsers"
