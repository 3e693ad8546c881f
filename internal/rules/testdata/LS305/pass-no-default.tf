# want: PASS db_password "no default"
# want: PASS api_token "placeholder"
variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_token" {
  type      = string
  sensitive = true
  default   = ""
}
