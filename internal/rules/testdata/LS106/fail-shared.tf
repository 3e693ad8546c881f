# want: FAIL aws_lambda_layer_version.public @9 "every AWS account"
resource "aws_lambda_layer_version" "public" {
  layer_name          = "public-layer"
  compatible_runtimes = ["python3.13"]
  s3_bucket           = "artifacts"
  s3_key              = "layer.zip"
}

resource "aws_lambda_layer_version_permission" "public" {
  layer_name     = aws_lambda_layer_version.public.layer_arn
  version_number = aws_lambda_layer_version.public.version
  statement_id   = "public"
  action         = "lambda:GetLayerVersion"
  principal      = "*"
}
