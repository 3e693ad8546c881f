# want: PASS aws_lambda_layer_version.private @3 "not shared"
# want: PASS aws_lambda_layer_version.org @9 "the layer is shared only with trusted ac"
resource "aws_lambda_layer_version" "private" {
  layer_name = "private-layer"
  s3_bucket  = "artifacts"
  s3_key     = "layer.zip"
}

resource "aws_lambda_layer_version" "org" {
  layer_name = "org-layer"
  s3_bucket  = "artifacts"
  s3_key     = "layer.zip"
}

resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = aws_lambda_layer_version.org.layer_arn
  version_number  = aws_lambda_layer_version.org.version
  statement_id    = "org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}
