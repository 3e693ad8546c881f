# want: FAIL aws_secretsmanager_secret.db @2 "no rotation schedule"
resource "aws_secretsmanager_secret" "db" {
  name = "db"
}
