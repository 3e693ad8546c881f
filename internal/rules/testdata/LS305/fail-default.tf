# A sensitive variable is Terraform's NoEcho: a secret default is in clear
# in the code all the same.
# want: FAIL db_password @4 "has a secret default"
variable "db_password" {
  type      = string
  sensitive = true
  default   = "Xk9#mP2$vL7@qR4!"
}
