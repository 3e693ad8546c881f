package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/lambdasec/lambdasec/internal/inventory"
)

// ListSecrets returns every secret of the region with its rotation and
// key, so no call per secret is needed.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
var opListSecrets = op(secretsmanager.ServiceID, "ListSecrets", "secretsmanager:ListSecrets",
	"the region's secrets with their rotation schedule and KMS key", "LS303")

// collectSecrets reads the region's Secrets Manager secrets. A page that
// fails is a gap of the region; the secrets read before it are kept.
func (r *region) collectSecrets(ctx context.Context) {
	client := secretsmanager.NewFromConfig(r.cfg)
	var out []*inventory.Secret
	p := secretsmanager.NewListSecretsPaginator(client, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.estateGap(call(opListSecrets), err, "secrets")
			break
		}
		for _, s := range page.SecretList {
			out = append(out, r.secretOf(s))
		}
	}
	r.add(func(e *inventory.Estate) { e.Secrets = append(e.Secrets, out...) })
}

// secretOf maps a ListSecrets entry. An empty KMSKey is the AWS managed
// key aws/secretsmanager, as in a template without KmsKeyId.
func (r *region) secretOf(s smtypes.SecretListEntry) *inventory.Secret {
	arn := aws.ToString(s.ARN)
	sec := &inventory.Secret{
		Resource: inventory.Resource{ID: arn, ARN: arn, Name: aws.ToString(s.Name), Region: r.name, Source: inventory.Source{ARN: arn}},
		KMSKey:   aws.ToString(s.KmsKeyId),
	}
	if len(s.Tags) > 0 {
		sec.Tags = map[string]string{}
		for _, t := range s.Tags {
			sec.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	if aws.ToBool(s.RotationEnabled) {
		sec.RotationEnabled = true
		sec.Rotation = inventory.Source{ARN: arn}
		if s.RotationRules != nil {
			sec.RotationDays = int(aws.ToInt64(s.RotationRules.AutomaticallyAfterDays))
		}
	}
	return sec
}
