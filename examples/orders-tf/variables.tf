variable "name" {
  description = "Prefix of every resource's name."
  type        = string
  default     = "orders"
}

variable "db_password" {
  description = "Given at apply time (TF_VAR_db_password); never written here."
  type        = string
  sensitive   = true
}
