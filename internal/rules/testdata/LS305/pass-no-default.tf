# want: PASS db_password @3 "no default"
# want: PASS api_token @8 "placeholder"
variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_token" {
  type      = string
  sensitive = true
  default   = ""
}
