import factory

from antq.tips import receipts
from antq.tips.models import MessageKind, Tip, TipCategory, TipMessage, TipMode


class TipFactory(factory.django.DjangoModelFactory):
    """An anonymous tip; pass `commune`. Use `tip_with_code` when the test needs the receipt code."""

    class Meta:
        model = Tip

    category = TipCategory.DRUGS
    what = "Có người bán ma túy ở quán nước đầu ngõ vào buổi tối."
    place = "Đầu ngõ 12"
    mode = TipMode.ANONYMOUS
    receipt_hash = factory.LazyFunction(lambda: receipts.code_hash(receipts.new_code()))


class TipMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TipMessage

    kind = MessageKind.REPLY
    body = "Cảm ơn, chúng tôi đang xác minh."


def tip_with_code(**kwargs) -> tuple[Tip, str]:
    code = receipts.new_code()
    return TipFactory(receipt_hash=receipts.code_hash(code), **kwargs), code
