<?php
// Regenerates php-reference.json: cases computed by PHP itself, the runtime of JetPay's reference SDK.
// Run: php generate.php > php-reference.json   (PHP 8; the output is deterministic for a given PHP version)
//
// "natural" holds pairs of strings and the sign of strnatcmp (the comparison ksort(SORT_NATURAL) uses).
// "payloads" holds JSON objects, the signing string and the signature under key "secret", made by the
// algorithm of the reference SDK's SignatureHandler: flatten, ksort(SORT_NATURAL), join with ';', HMAC-SHA512.

function flatten(array $params, string $prefix = ''): array
{
    $out = [];
    foreach ($params as $key => $value) {
        if ($key === 'frame_mode') {
            continue;
        }
        $path = ($prefix ? $prefix . ':' : '') . str_replace(':', '::', (string)$key);
        if (is_array($value)) {
            $out = array_merge($out, flatten($value, $path));
        } else {
            $out[$path] = $path . ':' . (is_bool($value) ? ($value ? '1' : '0') : (string)$value);
        }
    }
    return $out;
}

function signing_string(array $params): string
{
    $flat = flatten($params);
    ksort($flat, SORT_NATURAL);
    return implode(';', $flat);
}

mt_srand(20240601);
$alphabet = ['a', 'b', 'B', '0', '1', '2', '9', ' ', ':', '_', '.', "\t", 'ä', 'Қ'];
function random_string(array $alphabet, int $max): string
{
    $s = '';
    $n = mt_rand(0, $max);
    for ($i = 0; $i < $n; $i++) {
        $s .= $alphabet[mt_rand(0, count($alphabet) - 1)];
    }
    return $s;
}

$natural = [];
for ($i = 0; $i < 400; $i++) {
    $a = random_string($alphabet, 7);
    $b = mt_rand(0, 3) === 0 ? $a . random_string($alphabet, 2) : random_string($alphabet, 7);
    $natural[] = [$a, $b, strnatcmp($a, $b) <=> 0];
}

function random_value(array $alphabet, int $depth)
{
    switch (mt_rand(0, $depth < 3 ? 9 : 6)) {
        case 0: return mt_rand(0, 1) === 1;
        case 1: return null;
        case 2: return mt_rand(-100000, 100000);
        case 3: return [1.5, 0.1, 10.25, -2.75, 1e20, 0.00001, 123456789.123456789][mt_rand(0, 6)];
        case 4: case 5: case 6: return random_string($alphabet, 6);
        case 7: // list
            $list = [];
            $n = mt_rand(0, 12);
            for ($i = 0; $i < $n; $i++) {
                $list[] = random_value($alphabet, $depth + 1);
            }
            return $list;
        default: // object
            $object = [];
            $n = mt_rand(0, 5);
            for ($i = 0; $i < $n; $i++) {
                $object['k' . random_string($alphabet, 4)] = random_value($alphabet, $depth + 1);
            }
            return $object;
    }
}

$payloads = [];
for ($i = 0; $i < 150; $i++) {
    $payload = [];
    $n = mt_rand(1, 6);
    for ($j = 0; $j < $n; $j++) {
        $payload['k' . random_string($alphabet, 5)] = random_value($alphabet, 1);
    }
    // JSON_PRESERVE_ZERO_FRACTION keeps 1.0 a float on the way back in, as the platform's JSON would.
    $json = json_encode($payload, JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
    $decoded = json_decode($json, true);
    $string = signing_string($decoded);
    $payloads[] = [
        'json' => $json,
        'signing_string' => $string,
        'signature' => base64_encode(hash_hmac('sha512', $string, 'secret', true)),
    ];
}

echo json_encode(['php' => PHP_VERSION, 'natural' => $natural, 'payloads' => $payloads], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
