# want: FAIL aws_secretsmanager_secret.db "no rotation schedule"
resource "aws_secretsmanager_secret" "db" {
  name = "db"
}
